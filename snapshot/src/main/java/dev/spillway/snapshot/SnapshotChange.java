package dev.spillway.snapshot;

import java.util.Set;

/**
 * A group's snapshot replaced by a newer one: what a stream needs to tell whether it is concerned.
 *
 * @param previous the snapshot served until now (empty when the group was never published)
 * @param next     the snapshot served from now on
 */
public record SnapshotChange(GroupSnapshot previous, GroupSnapshot next) {
    /** The names of the type whose resource was added, changed or removed. */
    public Set<String> changed(XdsType type) {
        return ResourceChanges.between(previous.of(type), next.of(type));
    }

    /** True when the type's version changed (for endpoints, also when only the clusters changed). */
    public boolean versionChanged(XdsType type) {
        return !previous.of(type).version().equals(next.of(type).version());
    }
}
