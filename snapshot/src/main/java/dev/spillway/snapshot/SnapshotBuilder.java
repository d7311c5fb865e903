package dev.spillway.snapshot;

import com.google.protobuf.Message;
import dev.spillway.api.model.ProxyGroup;
import io.envoyproxy.controlplane.cache.Resources;
import java.util.EnumMap;
import java.util.Iterator;
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
            TypeSnapshot before = previous == null ? null : previous.of(type);
            List<? extends Message> messages = resources.getOrDefault(type, List.of());
            if (before != null
                    && sameMessages(messages, before)
                    && (type != XdsType.ENDPOINT || types.get(XdsType.CLUSTER) == previous.of(XdsType.CLUSTER))) {
                // Unchanged, and so is its version (endpoints': only while the clusters' is): the very snapshot
                // is kept, and every stream that holds it finds it unchanged without a diff.
                types.put(type, before);
                continue;
            }
            SortedMap<String, PreparedResource> prepared = new TreeMap<>();
            for (Message m : messages) {
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

    /**
     * True when the messages are the very ones of the type's snapshot, in its order (the translator lists each type
     * by name, and reuses the messages of what a change did not touch): one pass, nothing compared field by field.
     */
    private static boolean sameMessages(List<? extends Message> messages, TypeSnapshot before) {
        if (messages.size() != before.resources().size()) {
            return false;
        }
        Iterator<PreparedResource> held = before.resources().values().iterator();
        for (Message m : messages) {
            if (held.next().message() != m) {
                return false;
            }
        }
        return true;
    }
}
