package dev.spillway.translator.xds;

import dev.spillway.translator.xds.acceptance.EnvoyAcceptance;
import dev.spillway.translator.xds.pgv.PgvChecker;
import java.util.stream.Stream;

/**
 * Envoy's own field rules: the PGV {@code (validate.rules)} options in java-control-plane's descriptors,
 * checked down into every typed config through {@link EnvoyTypes}, and beside them the acceptance rules of
 * Envoy's C++ code ({@link EnvoyAcceptance}). Envoy would reject, or serve other than written, a resource
 * that breaks one, so Spillway never sends it.
 */
final class EnvoyFieldRules {
    /** Thread-safe, and it caches the options it reads from the descriptors: one for every translation. */
    private static final PgvChecker CHECKER = new PgvChecker(EnvoyTypes.registry());

    private static final FieldRules RULES = resource -> Stream.concat(
                    CHECKER.check(resource).stream().map(v -> new FieldRules.Finding(v.path(), v.message())),
                    EnvoyAcceptance.check(resource).stream().map(v -> new FieldRules.Finding(v.path(), v.message())))
            .toList();

    private EnvoyFieldRules() {}

    /** The rules every produced resource is checked against. */
    static FieldRules get() {
        return RULES;
    }
}
