package dev.spillway.server.failover;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The live active tier of every FailoverScheme, per proxy group, from the proxies' own load reports. Read
 * only: safe from any thread, each call a consistent copy.
 */
public interface FailoverActivity {
    /** Nothing reported. */
    FailoverActivity NONE = () -> new java.util.TreeMap<>();

    /** Every scheme with traffic reported, and per proxy group where that traffic went. */
    SortedMap<ResourceKey, SortedMap<ProxyGroup, TierActivity>> current();

    /** One scheme's activity in one group, if any was reported. */
    default Optional<TierActivity> of(ResourceKey scheme, ProxyGroup group) {
        SortedMap<ProxyGroup, TierActivity> groups = current().get(scheme);
        return Optional.ofNullable(groups == null ? null : groups.get(group));
    }
}
