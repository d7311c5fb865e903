package dev.spillway.snapshot;

import dev.spillway.api.model.ProxyGroup;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one proxy group is served: every xDS type with its version.
 *
 * @param group           the proxy group
 * @param types           a snapshot per type (every type present, possibly empty)
 * @param edsServiceNames the EDS service name of every EDS cluster, by cluster name, as the translator
 *                        gave it: the name of the cluster's ClusterLoadAssignment
 */
public record GroupSnapshot(
        ProxyGroup group, Map<XdsType, TypeSnapshot> types, SortedMap<String, String> edsServiceNames) {
    public GroupSnapshot {
        types = Collections.unmodifiableMap(new EnumMap<>(types));
        edsServiceNames = Collections.unmodifiableSortedMap(new TreeMap<>(edsServiceNames));
    }

    /** A valid snapshot with nothing in it: what an unknown group receives. */
    public static GroupSnapshot empty(ProxyGroup group) {
        return SnapshotBuilder.build(group, Map.of(), Map.of(), null);
    }

    public TypeSnapshot of(XdsType type) {
        return types.get(type);
    }

    /** The EDS service name of a cluster of this snapshot, or null for a cluster that is not EDS. */
    public String edsServiceName(String cluster) {
        return edsServiceNames.get(cluster);
    }

    /** True when every type has the same version in both. */
    public boolean sameVersions(GroupSnapshot other) {
        return other != null
                && types.keySet().stream()
                        .allMatch(t -> of(t).version().equals(other.of(t).version()));
    }
}
