package dev.spillway.server.source.kube;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Whether a cluster's API server is reachable, judged from its informers' watches. A watch that is
 * down only briefly (the API server closes watches routinely and the client reconnects) is not an
 * outage; one down for longer than the grace period is, dated from when it went down.
 * Not thread-safe: one health-check thread owns it.
 */
final class Reachability {

    private final Duration grace;
    private Instant downSince;
    private Instant unreachableSince;

    /** @param grace how long the watches may be down before the cluster counts as unreachable */
    Reachability(Duration grace) {
        this.grace = grace;
    }

    /**
     * Records one observation.
     *
     * @param watching true when every informer of the cluster is watching
     * @param now      the time of the observation
     * @return true when the cluster just became unreachable or reachable again
     */
    boolean observe(boolean watching, Instant now) {
        if (watching) {
            downSince = null;
            boolean changed = unreachableSince != null;
            unreachableSince = null;
            return changed;
        }
        if (downSince == null) {
            downSince = now;
        }
        if (unreachableSince == null && !now.isBefore(downSince.plus(grace))) {
            // Reported to the second: the time ends up in statuses, where finer digits are noise.
            unreachableSince = downSince.truncatedTo(ChronoUnit.SECONDS);
            return true;
        }
        return false;
    }

    /** When the cluster became unreachable, or null while it is reachable. */
    Instant unreachableSince() {
        return unreachableSince;
    }
}
