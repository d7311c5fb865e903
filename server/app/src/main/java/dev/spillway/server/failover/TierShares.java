package dev.spillway.server.failover;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Request counts per tier as shares, and the tier they make active. */
final class TierShares {
    /** A tier carrying more than this share of the requests is active, unless a lower one is. */
    static final double ACTIVE_PERCENT = 10.0;

    private TierShares() {}

    /** Each tier's share in percent; empty without requests. */
    static SortedMap<Integer, Double> percent(Map<Integer, Long> requestsByTier) {
        long total = total(requestsByTier);
        SortedMap<Integer, Double> out = new TreeMap<>();
        if (total == 0) {
            return out;
        }
        requestsByTier.forEach((tier, n) -> out.put(tier, 100.0 * n / total));
        return out;
    }

    /** The lowest tier above {@link #ACTIVE_PERCENT}, or -1 without requests. */
    static int activeTier(Map<Integer, Long> requestsByTier) {
        for (Map.Entry<Integer, Double> e : percent(requestsByTier).entrySet()) {
            if (e.getValue() > ACTIVE_PERCENT) {
                return e.getKey();
            }
        }
        return -1;
    }

    static long total(Map<Integer, Long> requestsByTier) {
        return requestsByTier.values().stream().mapToLong(Long::longValue).sum();
    }
}
