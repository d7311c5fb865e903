package dev.spillway.translator.xds;

import dev.spillway.translator.xds.pgv.PgvChecker;

/**
 * Envoy's own field rules: the PGV {@code (validate.rules)} options in java-control-plane's descriptors,
 * checked down into every typed config through {@link EnvoyTypes}. Envoy would reject a resource that
 * breaks one, so Spillway never sends it.
 */
final class EnvoyFieldRules {
    /** Thread-safe, and it caches the options it reads from the descriptors: one for every translation. */
    private static final PgvChecker CHECKER = new PgvChecker(EnvoyTypes.registry());
    private static final FieldRules RULES = resource -> CHECKER.check(resource).stream()
            .map(v -> new FieldRules.Finding(v.path(), v.message()))
            .toList();

    private EnvoyFieldRules() {
    }

    /** The rules every produced resource is checked against. */
    static FieldRules get() {
        return RULES;
    }
}
