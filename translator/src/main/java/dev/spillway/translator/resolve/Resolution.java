package dev.spillway.translator.resolve;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.translator.model.FrozenSortedMap;
import dev.spillway.translator.model.ResolvedGroup;
import java.util.List;
import java.util.SortedMap;

/**
 * The result of resolving all clusters' resources.
 *
 * @param groups    what each proxy group is to receive, by group
 * @param statuses  the status of every resource, including discovered Upstreams
 * @param failovers the accepted FailoverSchemes with their chosen endpoints
 */
public record Resolution(
        SortedMap<ProxyGroup, ResolvedGroup> groups,
        SortedMap<ResourceKey, ResourceStatus> statuses,
        List<FailoverOutcome> failovers) {
    public Resolution {
        groups = FrozenSortedMap.of(groups);
        statuses = FrozenSortedMap.of(statuses);
        failovers = List.copyOf(failovers);
    }
}
