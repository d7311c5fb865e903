package dev.spillway.snapshot;

import dev.spillway.api.model.ProxyGroup;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one proxy group is served: every xDS type with its version.
 *
 * @param group the proxy group
 * @param types a snapshot per type (every type present, possibly empty)
 */
public record GroupSnapshot(ProxyGroup group, Map<XdsType, TypeSnapshot> types) {
    public GroupSnapshot {
        types = Collections.unmodifiableMap(new EnumMap<>(types));
    }

    /** A valid snapshot with nothing in it: what an unknown group receives. */
    public static GroupSnapshot empty(ProxyGroup group) {
        return SnapshotBuilder.build(group, Map.of(), null);
    }

    public TypeSnapshot of(XdsType type) {
        return types.get(type);
    }

    /** True when every type has the same version in both. */
    public boolean sameVersions(GroupSnapshot other) {
        return other != null && types.keySet().stream()
                .allMatch(t -> of(t).version().equals(other.of(t).version()));
    }
}
