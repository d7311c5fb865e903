package dev.spillway.translator.xds;

import com.google.protobuf.MessageOrBuilder;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Envoy's field rules (the PGV {@code validate.rules} options), as applied to each produced resource. */
@FunctionalInterface
interface FieldRules {
    /** Accepts everything. */
    FieldRules NONE = resource -> List.of();

    /** The rules the resource breaks, empty when Envoy would accept it. */
    List<Finding> check(MessageOrBuilder resource);

    /**
     * The rules, except that a resource equal to one of {@code passed} (resources known to pass them) is not
     * checked again: equal content breaks the same rules. An endpoint-only change keeps its cluster, which
     * then costs one hash lookup instead of a walk over every field.
     */
    static FieldRules exceptPassed(FieldRules rules, Collection<? extends MessageOrBuilder> passed) {
        Set<MessageOrBuilder> known = new HashSet<>(passed);
        return resource -> known.contains(resource) ? List.of() : rules.check(resource);
    }

    /**
     * One broken rule.
     *
     * @param path    the offending field, relative to the checked message
     * @param message what the rule demands
     */
    record Finding(String path, String message) {}
}
