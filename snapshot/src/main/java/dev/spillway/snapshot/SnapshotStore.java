package dev.spillway.snapshot;

import com.google.protobuf.Message;
import dev.spillway.api.model.ProxyGroup;
import io.envoyproxy.controlplane.cache.SnapshotConsistencyException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current snapshot of every proxy group: what the xDS server reads. Written by the one
 * reconcile thread, read by any stream. A group that was never published reads as empty.
 */
public final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

    private final Map<ProxyGroup, GroupSnapshot> snapshots = new ConcurrentHashMap<>();
    private final List<Consumer<GroupSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<SnapshotChange>> changeListeners = new CopyOnWriteArrayList<>();

    /**
     * Publishes a group's resources, unless they are what it already has.
     *
     * @param edsServiceNames the EDS service name of every EDS cluster, by cluster name (the translator's)
     * @return true when a new snapshot was set and announced
     * @throws SnapshotConsistencyException when the snapshot is not self-consistent; the
     *                                      previous snapshot stays
     */
    public boolean publish(
            ProxyGroup group, Map<XdsType, List<? extends Message>> resources, Map<String, String> edsServiceNames)
            throws SnapshotConsistencyException {
        GroupSnapshot previous = snapshots.get(group);
        GroupSnapshot next = SnapshotBuilder.build(group, resources, edsServiceNames, previous);
        if (next.sameVersions(previous)) {
            return false;
        }
        ConsistencyCheck.ensure(next, previous);
        snapshots.put(group, next);
        LOG.debug("group {} published: {}", group, versions(next));
        announce(previous, next);
        return true;
    }

    /** Replaces a group that no longer exists with an empty snapshot, so its proxies drop their config. */
    public void clear(ProxyGroup group) {
        GroupSnapshot previous = snapshots.get(group);
        GroupSnapshot empty = GroupSnapshot.empty(group);
        if (previous != null && !empty.sameVersions(previous)) {
            snapshots.put(group, empty);
            announce(previous, empty);
        }
    }

    /** The group's snapshot; an unknown group gets a valid empty one. */
    public GroupSnapshot get(ProxyGroup group) {
        GroupSnapshot s = snapshots.get(group);
        return s != null ? s : GroupSnapshot.empty(group);
    }

    /** True when the group has ever been published. */
    public boolean knows(ProxyGroup group) {
        return snapshots.containsKey(group);
    }

    public Set<ProxyGroup> groups() {
        return Set.copyOf(snapshots.keySet());
    }

    /** Called, on the publishing thread, after every new snapshot. */
    public void addListener(Consumer<GroupSnapshot> listener) {
        listeners.add(listener);
    }

    /** Called, on the publishing thread, after every new snapshot, with the one it replaced. */
    public void addChangeListener(Consumer<SnapshotChange> listener) {
        changeListeners.add(listener);
    }

    private void announce(GroupSnapshot previous, GroupSnapshot next) {
        listeners.forEach(l -> l.accept(next));
        if (!changeListeners.isEmpty()) {
            SnapshotChange change =
                    new SnapshotChange(previous != null ? previous : GroupSnapshot.empty(next.group()), next);
            changeListeners.forEach(l -> l.accept(change));
        }
    }

    private static String versions(GroupSnapshot s) {
        StringBuilder b = new StringBuilder();
        s.types()
                .forEach((t, v) -> b.append(t.name().toLowerCase())
                        .append('=')
                        .append(v.version())
                        .append(' '));
        return b.toString().trim();
    }
}
