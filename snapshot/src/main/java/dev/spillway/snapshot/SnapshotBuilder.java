package dev.spillway.snapshot;

import com.google.protobuf.Message;
import dev.spillway.api.model.ProxyGroup;
import io.envoyproxy.controlplane.cache.Resources;
import java.util.ArrayList;
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
            IndexedResources held = before == null ? null : (IndexedResources) before.resources();
            List<PreparedResource> prepared = new ArrayList<>(messages.size());
            for (Message m : messages) {
                prepared.add(prepared(m, held, prepared.size()));
            }
            // Endpoints' version includes the clusters' version: every cluster change re-sends endpoints,
            // so Envoy never leaves a re-created cluster warming without them.
            String salt = type == XdsType.ENDPOINT ? types.get(XdsType.CLUSTER).version() : "";
            types.put(type, TypeSnapshot.of(IndexedResources.of(prepared, held), salt));
        }
        return new GroupSnapshot(
                group,
                types,
                edsServiceNames instanceof SortedMap<String, String> sorted ? sorted : new TreeMap<>(edsServiceNames));
    }

    /**
     * The message ready to send: the one held at the same position when it is the very message (the translator lists
     * each type by name and reuses what a change did not touch, so one assignment replaced among ten thousand costs
     * one lookup), else the one held under its name when equal, else packed anew.
     */
    private static PreparedResource prepared(Message m, IndexedResources held, int position) {
        PreparedResource same = held != null && position < held.size() ? held.at(position) : null;
        if (same != null && same.message() == m) {
            return same;
        }
        String name = Resources.getResourceName(m);
        PreparedResource old = same != null && same.name().equals(name) ? same : held == null ? null : held.get(name);
        return old != null && old.message().equals(m) ? old : PreparedResource.of(name, m);
    }

    /**
     * True when the messages are the very ones of the type's snapshot, in its order (the translator lists each type
     * by name, and reuses the messages of what a change did not touch): one pass, nothing compared field by field.
     */
    private static boolean sameMessages(List<? extends Message> messages, TypeSnapshot before) {
        if (messages.size() != before.resources().size()) {
            return false;
        }
        IndexedResources held = (IndexedResources) before.resources();
        for (int i = 0; i < messages.size(); i++) {
            if (held.at(i).message() != messages.get(i)) {
                return false;
            }
        }
        return true;
    }
}
