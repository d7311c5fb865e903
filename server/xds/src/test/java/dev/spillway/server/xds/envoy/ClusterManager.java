package dev.spillway.server.xds.envoy;

import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Envoy's cluster manager as the ADS client sees it ({@code ClusterManagerImpl},
 * source/common/upstream/cluster_manager_impl.cc): active clusters, new or changed ones warming beside them, and
 * the hosts of every EDS service name. Runs on the main thread only.
 */
final class ClusterManager {
    /** A new or changed cluster until it is warm. */
    private static final class WarmingCluster {
        final Cluster cluster;
        boolean awaitingAssignment;

        WarmingCluster(Cluster cluster) {
            this.cluster = cluster;
            this.awaitingAssignment = EnvoyResources.edsServiceName(cluster) != null;
        }
    }

    private final InitialFetchTimeouts timeouts;
    private final GrpcMux<?, ?> mux;
    private final Runnable onInitialized;
    private final Set<String> secretsHeld;
    final SortedMap<String, Cluster> clusters = new TreeMap<>();
    private final SortedMap<String, WarmingCluster> warming = new TreeMap<>();
    final SortedMap<String, SortedMap<Integer, List<String>>> assignments = new TreeMap<>();
    final SortedMap<String, ClusterLoadAssignment> loadAssignments = new TreeMap<>();
    private boolean initialized;
    private boolean cdsPaused;
    int warmups;

    /**
     * @param secretsHeld   the names of the secrets the proxy holds (a live view)
     * @param onInitialized run once every initial cluster is warm
     */
    ClusterManager(InitialFetchTimeouts timeouts, GrpcMux<?, ?> mux, Set<String> secretsHeld, Runnable onInitialized) {
        this.timeouts = timeouts;
        this.mux = mux;
        this.secretsHeld = secretsHeld;
        this.onInitialized = onInitialized;
    }

    SortedSet<String> warmingNames() {
        return new TreeSet<>(warming.keySet());
    }

    /** Active and warming clusters: both hold their subscriptions. */
    List<Cluster> all() {
        List<Cluster> all = new ArrayList<>(clusters.values());
        warming.values().forEach(w -> all.add(w.cluster));
        return all;
    }

    /** The names a SotW response leaves out: {@code CdsApiImpl::onConfigUpdate} removes those clusters. */
    Set<String> missingFrom(Set<String> names) {
        Set<String> gone = new TreeSet<>(clusters.keySet());
        gone.addAll(warming.keySet());
        gone.removeAll(names);
        return gone;
    }

    /**
     * {@code ClusterManagerImpl::addOrUpdateCluster}: a cluster identical to the active or warming one is skipped;
     * a new or changed one warms beside the active one, and its EDS subscription arms its own initial fetch timer.
     *
     * @return true when the cluster started warming
     */
    boolean addOrUpdate(Cluster c) {
        WarmingCluster before = warming.get(c.getName());
        if (before != null ? before.cluster.equals(c) : c.equals(clusters.get(c.getName()))) {
            return false;
        }
        warming.put(c.getName(), new WarmingCluster(c));
        warmups++;
        String service = EnvoyResources.edsServiceName(c);
        if (service != null) {
            timeouts.start(assignmentWait(c.getName(), service), () -> onAssignmentTimeout(c.getName()));
        }
        return true;
    }

    /** {@code ClusterManagerImpl::removeCluster}. */
    void remove(String name) {
        clusters.remove(name);
        WarmingCluster removed = warming.remove(name);
        String service = removed == null ? null : EnvoyResources.edsServiceName(removed.cluster);
        if (service != null) {
            timeouts.done(assignmentWait(name, service));
        }
    }

    /** {@code EdsClusterImpl::onConfigUpdate}: every cluster of the service name takes the new hosts. */
    void onAssignment(ClusterLoadAssignment cla) {
        String service = cla.getClusterName();
        assignments.put(service, EnvoyResources.hosts(cla));
        loadAssignments.put(service, cla);
        for (WarmingCluster w : warming.values()) {
            if (service.equals(EnvoyResources.edsServiceName(w.cluster))) {
                w.awaitingAssignment = false;
                timeouts.done(assignmentWait(w.cluster.getName(), service));
            }
        }
    }

    /**
     * A delta removal of the service name: {@code EdsClusterImpl::onConfigUpdate} gets no resources, keeps the
     * hosts it has and calls {@code onPreInitComplete}, so a warming cluster is initialized without hosts.
     */
    void onAssignmentRemoved(String service) {
        for (WarmingCluster w : warming.values()) {
            if (service.equals(EnvoyResources.edsServiceName(w.cluster)) && w.awaitingAssignment) {
                w.awaitingAssignment = false;
                timeouts.done(assignmentWait(w.cluster.getName(), service));
            }
        }
    }

    /**
     * {@code ClusterManagerImpl::clusterWarmingToActive} for every cluster with its endpoints and secrets, then
     * {@code ClusterManagerImpl::updateClusterCounts}: once the initial clusters are up
     * ({@code ClusterManagerInitHelper}), CDS stays paused on the ADS mux, its ACK held, while any cluster warms.
     */
    void warm() {
        for (WarmingCluster w : List.copyOf(warming.values())) {
            if (!w.awaitingAssignment && secretsHeld.containsAll(EnvoyResources.secretNames(w.cluster))) {
                warming.remove(w.cluster.getName());
                clusters.put(w.cluster.getName(), w.cluster);
            }
        }
        if (!initialized) {
            if (warming.isEmpty()) {
                initialized = true;
                onInitialized.run();
            }
            return;
        }
        if (!warming.isEmpty() && !cdsPaused) {
            cdsPaused = true;
            mux.pause(XdsType.CLUSTER);
        } else if (warming.isEmpty() && cdsPaused) {
            cdsPaused = false;
            mux.resume(XdsType.CLUSTER);
        }
    }

    /** {@code EdsClusterImpl::onConfigUpdateFailed}: past the timeout the cluster is initialized without hosts. */
    private void onAssignmentTimeout(String cluster) {
        WarmingCluster w = warming.get(cluster);
        if (w != null) {
            w.awaitingAssignment = false;
            warm();
        }
    }

    private static String assignmentWait(String cluster, String service) {
        return "ClusterLoadAssignment " + service + " of cluster " + cluster;
    }
}
