package dev.spillway.api.status;

import dev.spillway.api.model.Kind;

/** Lifecycle state of a resource, as Gloo reports it. */
public enum State {
    PENDING,
    ACCEPTED,
    WARNING,
    REJECTED,
    /** Retried without user action (a FailoverScheme whose target cluster cannot be reached). */
    FAILED;

    /**
     * The word shown for this state on a resource of the given kind: {@code Accepted} for Gloo kinds,
     * {@code ACCEPTED}/{@code INVALID} for FailoverSchemes, as Gloo Federation shows them.
     */
    public String label(Kind kind) {
        if (kind == Kind.FAILOVER_SCHEME) {
            return switch (this) {
                case REJECTED -> "INVALID";
                case WARNING -> "ACCEPTED";
                default -> name();
            };
        }
        String n = name();
        return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /** True when the resource takes no part in the output. */
    public boolean isError() {
        return this == REJECTED || this == FAILED;
    }

    /** The more severe of two states. */
    public State worst(State other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
