package dev.spillway.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.controlplane.cache.SnapshotConsistencyException;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * The consistency rule of java-control-plane's snapshots: every EDS service name of the clusters (as the
 * translator named them, never read back from the protos) has
 * exactly one ClusterLoadAssignment, every RDS name of the listeners exactly one RouteConfiguration,
 * and nothing else. java-control-plane 1.0.49's own check only finds the HttpConnectionManager under
 * its deprecated name {@code envoy.http_connection_manager}, so it refuses every snapshot that names
 * the filter {@code envoy.filters.network.http_connection_manager}; this one finds it by its type.
 */
final class ConsistencyCheck {
    private static final String HCM_TYPE =
            "type.googleapis.com/" + HttpConnectionManager.getDescriptor().getFullName();

    private ConsistencyCheck() {}

    /**
     * Checks {@code s}, unless what the rule looks at is as it was in {@code previous} (the published snapshot, so
     * consistent): the same clusters, listeners and route configurations, assignments of the same names, and the
     * same EDS service names. An endpoint change, the most frequent, then costs no check.
     */
    static void ensure(GroupSnapshot s, GroupSnapshot previous) throws SnapshotConsistencyException {
        if (previous != null
                && s.of(XdsType.CLUSTER) == previous.of(XdsType.CLUSTER)
                && s.of(XdsType.LISTENER) == previous.of(XdsType.LISTENER)
                && s.of(XdsType.ROUTE) == previous.of(XdsType.ROUTE)
                && IndexedResources.sameNames(
                        s.of(XdsType.ENDPOINT).resources(),
                        previous.of(XdsType.ENDPOINT).resources())
                && sameInOrder(
                        s.edsServiceNames().entrySet(),
                        previous.edsServiceNames().entrySet())) {
            return;
        }
        ensure(s);
    }

    /** Two sorted collections with equal elements in the same order: one pass. */
    private static boolean sameInOrder(Collection<?> a, Collection<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<?> other = b.iterator();
        for (Object x : a) {
            if (!x.equals(other.next())) {
                return false;
            }
        }
        return true;
    }

    static void ensure(GroupSnapshot s) throws SnapshotConsistencyException {
        Set<String> edsNames = new TreeSet<>();
        for (String cluster : s.of(XdsType.CLUSTER).resources().keySet()) {
            String service = s.edsServiceName(cluster);
            if (service != null) {
                edsNames.add(service);
            }
        }
        same(
                "clusters' EDS service names",
                edsNames,
                "endpoints",
                s.of(XdsType.ENDPOINT).resources().keySet());
        Set<String> rdsNames = new TreeSet<>();
        for (PreparedResource r : s.of(XdsType.LISTENER).resources().values()) {
            rdsNames.addAll(routeNames((Listener) r.message()));
        }
        same(
                "listeners' RDS names",
                rdsNames,
                "route configurations",
                s.of(XdsType.ROUTE).resources().keySet());
    }

    private static Set<String> routeNames(Listener listener) throws SnapshotConsistencyException {
        Set<String> names = new TreeSet<>();
        if (listener.hasApiListener()) {
            addRds(listener.getApiListener().getApiListener(), names);
        }
        for (FilterChain chain : listener.getFilterChainsList()) {
            for (Filter filter : chain.getFiltersList()) {
                if (filter.hasTypedConfig()) {
                    addRds(filter.getTypedConfig(), names);
                }
            }
        }
        return names;
    }

    private static void addRds(Any config, Set<String> names) throws SnapshotConsistencyException {
        if (!config.getTypeUrl().equals(HCM_TYPE)) {
            return;
        }
        try {
            HttpConnectionManager hcm = config.unpack(HttpConnectionManager.class);
            if (hcm.hasRds()) {
                names.add(hcm.getRds().getRouteConfigName());
            }
        } catch (InvalidProtocolBufferException e) {
            throw new SnapshotConsistencyException("unreadable HttpConnectionManager: " + e.getMessage());
        }
    }

    private static void same(String whatRefers, Set<String> refs, String what, Set<String> names)
            throws SnapshotConsistencyException {
        if (!refs.equals(names)) {
            Set<String> missing = new TreeSet<>(refs);
            missing.removeAll(names);
            Set<String> extra = new TreeSet<>(names);
            extra.removeAll(refs);
            throw new SnapshotConsistencyException(
                    whatRefers + " and " + what + " differ: missing " + missing + ", unreferenced " + extra);
        }
    }
}
