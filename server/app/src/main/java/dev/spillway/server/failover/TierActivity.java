package dev.spillway.server.failover;

import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where one proxy group's traffic for one FailoverScheme went over the last load reporting interval.
 *
 * @param activeTier          the lowest tier carrying more than {@link TierShares#ACTIVE_PERCENT} percent of
 *                            the requests (0 is the primary, i+1 failover group i)
 * @param since               when that tier became the active one (or was first seen active)
 * @param percentByTier       each tier's share of the requests in percent, tiers without requests included as 0
 * @param requests            the requests the shares are computed from (all proxies, last interval each)
 * @param proxies             the proxies of the group reporting load for the scheme
 * @param proxiesOnActiveTier of those, the ones whose own active tier is {@code activeTier}
 * @param lastChange          the last move of the active tier, or null when none was seen
 */
public record TierActivity(
        int activeTier,
        Instant since,
        SortedMap<Integer, Double> percentByTier,
        long requests,
        int proxies,
        int proxiesOnActiveTier,
        TierChange lastChange) {
    public TierActivity {
        percentByTier = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(percentByTier));
    }
}
