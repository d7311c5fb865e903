package dev.spillway.translator.resolve;

import dev.spillway.api.model.Gateway.LabelExpression;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes label requirements as Gloo evaluates {@code virtualServiceExpressions} (labels.Requirement.Matches,
 * k8s.io/apimachinery/pkg/labels/selector.go): every expression must hold.
 */
final class LabelExpressions {
    private LabelExpressions() {}

    static boolean matchAll(List<LabelExpression> expressions, Map<String, String> labels) {
        return expressions.stream().allMatch(e -> matches(e, labels));
    }

    private static boolean matches(LabelExpression e, Map<String, String> labels) {
        String value = labels.get(e.key());
        return switch (e.operator()) {
            case Equals, DoubleEquals, In -> value != null && e.values().contains(value);
            case NotEquals, NotIn -> value == null || !e.values().contains(value);
            case Exists -> value != null;
            case DoesNotExist -> value == null;
            case GreaterThan, LessThan -> compares(e, value);
        };
    }

    /** Gt and Lt: the label must be present and an integer, compared with the one integer value. */
    private static boolean compares(LabelExpression e, String value) {
        if (value == null) {
            return false;
        }
        try {
            long label = Long.parseLong(value);
            long bound = Long.parseLong(e.values().get(0));
            return e.operator() == LabelExpression.Operator.GreaterThan ? label > bound : label < bound;
        } catch (NumberFormatException | IndexOutOfBoundsException ex) {
            return false;
        }
    }
}
