package dev.spillway.translator.xds.pgv;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ordered rules shared by numbers, durations and timestamps: {@code const}, {@code lt}, {@code lte},
 * {@code gt}, {@code gte}, {@code in} and {@code not_in}, read reflectively from the kind's rules message.
 *
 * <p>With both an upper and a lower bound, an upper bound above the lower one asks for a value inside the
 * range; otherwise the value must lie outside it, and the rule is reported as e.g. {@code uint32.lt_gt}.
 */
final class RangeRules {

    private RangeRules() {}

    static List<Failure> check(String kind, Message rules, Object value, Scale scale) {
        List<Failure> out = new ArrayList<>();
        Object constant = single(rules, "const");
        if (constant != null && scale.compare(value, constant) != 0) {
            out.add(new Failure(kind + ".const", "must equal " + scale.print(constant)));
        }
        Bound upper = bound(rules, "lt", "lte", true);
        Bound lower = bound(rules, "gt", "gte", false);
        if (upper != null && lower != null) {
            range(kind, upper, lower, value, scale, out);
        } else if (upper != null || lower != null) {
            Bound only = upper != null ? upper : lower;
            if (!only.holds(value, scale)) {
                String limit = scale.print(only.limit);
                out.add(new Failure(kind + "." + only.name, "must be " + only.phrase() + " " + limit));
            }
        }
        membership(kind, rules, value, scale, out);
        return out;
    }

    private static void range(String kind, Bound upper, Bound lower, Object value, Scale scale, List<Failure> out) {
        boolean belowUpper = upper.holds(value, scale);
        boolean aboveLower = lower.holds(value, scale);
        String low = scale.print(lower.limit);
        String high = scale.print(upper.limit);
        if (scale.compare(upper.limit, lower.limit) > 0) {
            if (!belowUpper || !aboveLower) {
                String rule = kind + "." + (aboveLower ? upper.name : lower.name);
                out.add(new Failure(
                        rule,
                        "must be inside range " + (lower.inclusive ? "[" : "(") + low + ", " + high
                                + (upper.inclusive ? "]" : ")")));
            }
        } else if (!belowUpper && !aboveLower) {
            out.add(new Failure(
                    kind + "." + upper.name + "_" + lower.name,
                    "must be outside range " + (upper.inclusive ? "(" : "[") + high + ", " + low
                            + (lower.inclusive ? ")" : "]")));
        }
    }

    private static void membership(String kind, Message rules, Object value, Scale scale, List<Failure> out) {
        List<?> in = list(rules, "in");
        if (!in.isEmpty() && in.stream().noneMatch(v -> scale.compare(value, v) == 0)) {
            out.add(new Failure(kind + ".in", "must be in list " + print(in, scale)));
        }
        List<?> notIn = list(rules, "not_in");
        if (notIn.stream().anyMatch(v -> scale.compare(value, v) == 0)) {
            out.add(new Failure(kind + ".not_in", "must not be in list " + print(notIn, scale)));
        }
    }

    private static String print(List<?> values, Scale scale) {
        return values.stream().map(scale::print).collect(Collectors.joining(", ", "[", "]"));
    }

    private static Bound bound(Message rules, String strict, String inclusive, boolean upper) {
        Object limit = single(rules, strict);
        if (limit != null) {
            return new Bound(strict, limit, false, upper);
        }
        limit = single(rules, inclusive);
        return limit == null ? null : new Bound(inclusive, limit, true, upper);
    }

    private static Object single(Message rules, String name) {
        FieldDescriptor field = rules.getDescriptorForType().findFieldByName(name);
        return field != null && rules.hasField(field) ? rules.getField(field) : null;
    }

    private static List<?> list(Message rules, String name) {
        FieldDescriptor field = rules.getDescriptorForType().findFieldByName(name);
        return field == null ? List.of() : (List<?>) rules.getField(field);
    }

    private record Bound(String name, Object limit, boolean inclusive, boolean upper) {

        boolean holds(Object value, Scale scale) {
            int c = scale.compare(value, limit);
            if (upper) {
                return inclusive ? c <= 0 : c < 0;
            }
            return inclusive ? c >= 0 : c > 0;
        }

        String phrase() {
            String relation = upper ? "less than" : "greater than";
            return inclusive ? relation + " or equal to" : relation;
        }
    }
}
