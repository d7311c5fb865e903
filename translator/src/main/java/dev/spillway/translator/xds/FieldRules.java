package dev.spillway.translator.xds;

import com.google.protobuf.MessageOrBuilder;
import java.util.List;

/** Envoy's field rules (the PGV {@code validate.rules} options), as applied to each produced resource. */
@FunctionalInterface
interface FieldRules {
    /** Accepts everything. */
    FieldRules NONE = resource -> List.of();

    /** The rules the resource breaks, empty when Envoy would accept it. */
    List<Finding> check(MessageOrBuilder resource);

    /**
     * One broken rule.
     *
     * @param path    the offending field, relative to the checked message
     * @param message what the rule demands
     */
    record Finding(String path, String message) {}
}
