package dev.spillway.api.status;

import dev.spillway.api.model.ResourceKey;
import java.util.List;
import java.util.Optional;

/**
 * Whether every tier of a FailoverScheme would work if traffic moved to it now.
 *
 * @param scheme the FailoverScheme
 * @param tiers  the primary first, then each failover target in priority order; empty for a scheme that
 *               is not accepted
 * @param ready  the overall {@code Ready} condition: True, or False with reason {@code Degraded} (a tier
 *               is not ready) or the scheme's own state (INVALID, FAILED) and the first reason
 */
public record SchemeReadiness(ResourceKey scheme, List<TierReadiness> tiers, Condition ready) {
    public static final String TYPE = "Ready";
    public static final String DEGRADED = "Degraded";

    public SchemeReadiness {
        tiers = List.copyOf(tiers);
    }

    /** The readiness of an accepted scheme from its tiers: Ready, or Degraded with the first reason. */
    public static SchemeReadiness of(ResourceKey scheme, List<TierReadiness> tiers) {
        for (TierReadiness tier : tiers) {
            Optional<Condition> blocking = tier.firstBlocking();
            if (blocking.isPresent()) {
                Condition c = blocking.get();
                return new SchemeReadiness(
                        scheme,
                        tiers,
                        Condition.failed(
                                TYPE,
                                DEGRADED,
                                tier.display() + ": " + c.type() + " " + c.reason() + ": " + c.message()));
            }
        }
        long warnings = tiers.stream()
                .flatMap(t -> t.conditions().stream())
                .filter(c -> c.severity() == Condition.Severity.WARNING)
                .count();
        String message = "every tier would carry traffic"
                + (warnings == 0 ? "" : " (" + warnings + (warnings == 1 ? " warning)" : " warnings)"));
        return new SchemeReadiness(scheme, tiers, Condition.met(TYPE, "Ready", message));
    }

    /** A scheme that is not accepted: not ready, for the reason its status gives. */
    public static SchemeReadiness notAccepted(ResourceKey scheme, String reason, String message) {
        return new SchemeReadiness(scheme, List.of(), Condition.failed(TYPE, reason, message));
    }

    /** True when every tier is ready. */
    public boolean isReady() {
        return ready.status();
    }

    /** {@code Ready} or {@code Degraded} (or the scheme's own state when it is not accepted). */
    public String label() {
        return ready.status() ? "Ready" : ready.reason();
    }

    /** Every check that warns, with its tier. */
    public List<String> warnings() {
        return tiers.stream()
                .flatMap(t -> t.conditions().stream()
                        .filter(c -> c.severity() == Condition.Severity.WARNING)
                        .map(c -> t.display() + ": " + c.type() + " " + c.reason() + ": " + c.message()))
                .toList();
    }
}
