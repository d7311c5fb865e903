package dev.spillway.snapshot;

import com.google.protobuf.Message;
import dev.spillway.api.model.ProxyGroup;
import io.envoyproxy.controlplane.cache.Resources;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds group snapshots with content-hash versions. Resources whose content did not change since
 * the previous snapshot are reused as they were, so unchanged resources are never re-packed.
 */
final class SnapshotBuilder {
    private SnapshotBuilder() {}

    /**
     * @param edsServiceNames the EDS service name of every EDS cluster, by cluster name
     * @param previous        the group's previous snapshot (for reuse), or null
     */
    static GroupSnapshot build(
            ProxyGroup group,
            Map<XdsType, List<? extends Message>> resources,
            Map<String, String> edsServiceNames,
            GroupSnapshot previous) {
        Map<XdsType, TypeSnapshot> types = new EnumMap<>(XdsType.class);
        for (XdsType type : XdsType.values()) {
            SortedMap<String, PreparedResource> prepared = new TreeMap<>();
            TypeSnapshot before = previous == null ? null : previous.of(type);
            for (Message m : resources.getOrDefault(type, List.of())) {
                String name = Resources.getResourceName(m);
                PreparedResource old =
                        before == null ? null : before.resources().get(name);
                prepared.put(name, old != null && old.message().equals(m) ? old : PreparedResource.of(name, m));
            }
            // Endpoints' version includes the clusters' version: every cluster change re-sends endpoints,
            // so Envoy never leaves a re-created cluster warming without them.
            String salt = type == XdsType.ENDPOINT ? types.get(XdsType.CLUSTER).version() : "";
            types.put(type, TypeSnapshot.of(prepared, salt));
        }
        return new GroupSnapshot(group, types, new TreeMap<>(edsServiceNames));
    }
}
