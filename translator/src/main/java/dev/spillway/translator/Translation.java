package dev.spillway.translator;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.translator.model.FrozenSortedMap;
import dev.spillway.translator.resolve.Resolution;
import dev.spillway.translator.xds.XdsResources;
import java.util.SortedMap;

/**
 * The whole translator's result.
 *
 * @param inventory  the resources it was computed from
 * @param resolution the resolved model per group and the failover outcomes
 * @param groups     the Envoy resources per proxy group (each passed Envoy's field rules), each with its index
 * @param statuses   every resource's status, including rejections by Envoy's field rules
 */
public record Translation(
        Inventory inventory,
        Resolution resolution,
        SortedMap<ProxyGroup, XdsResources> groups,
        SortedMap<ResourceKey, ResourceStatus> statuses) {
    public Translation {
        groups = FrozenSortedMap.of(groups);
        statuses = FrozenSortedMap.of(statuses);
    }
}
