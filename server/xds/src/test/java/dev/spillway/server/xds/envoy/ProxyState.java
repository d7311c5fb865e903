package dev.spillway.server.xds.envoy;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the proxy holds at one moment, as its config dump would show it.
 *
 * @param clusters         active clusters by name
 * @param warmingClusters  clusters (new or changed) waiting for their endpoints or secrets
 * @param assignments      hosts by EDS service name, by priority, deduplicated by address
 * @param listeners        active listeners by name
 * @param warmingListeners listeners waiting for their route configurations or secrets
 * @param routes           route configurations by name
 * @param secrets          SDS secrets by name
 * @param clusterWarmups   how many times a cluster started warming (a new or changed cluster)
 * @param loadAssignments  the ClusterLoadAssignments held, by EDS service name: localities and priorities
 */
public record ProxyState(
        SortedMap<String, Cluster> clusters,
        SortedSet<String> warmingClusters,
        SortedMap<String, SortedMap<Integer, List<String>>> assignments,
        SortedMap<String, Listener> listeners,
        SortedSet<String> warmingListeners,
        SortedMap<String, RouteConfiguration> routes,
        SortedMap<String, Secret> secrets,
        int clusterWarmups,
        SortedMap<String, ClusterLoadAssignment> loadAssignments) {
    public ProxyState {
        clusters = Collections.unmodifiableSortedMap(new TreeMap<>(clusters));
        warmingClusters = Collections.unmodifiableSortedSet(new TreeSet<>(warmingClusters));
        assignments = Collections.unmodifiableSortedMap(new TreeMap<>(assignments));
        listeners = Collections.unmodifiableSortedMap(new TreeMap<>(listeners));
        warmingListeners = Collections.unmodifiableSortedSet(new TreeSet<>(warmingListeners));
        routes = Collections.unmodifiableSortedMap(new TreeMap<>(routes));
        secrets = Collections.unmodifiableSortedMap(new TreeMap<>(secrets));
        loadAssignments = Collections.unmodifiableSortedMap(new TreeMap<>(loadAssignments));
    }

    static ProxyState empty() {
        return new ProxyState(
                new TreeMap<>(),
                new TreeSet<>(),
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeSet<>(),
                new TreeMap<>(),
                new TreeMap<>(),
                0,
                new TreeMap<>());
    }

    /** The active cluster's hosts, highest priority first; empty when it has none or is not active. */
    public List<String> endpoints(String cluster) {
        return endpointsByPriority(cluster).values().stream()
                .flatMap(List::stream)
                .toList();
    }

    /** The active cluster's hosts by priority. */
    public SortedMap<Integer, List<String>> endpointsByPriority(String cluster) {
        Cluster c = clusters.get(cluster);
        String service = c == null ? null : EnvoyResources.edsServiceName(c);
        SortedMap<Integer, List<String>> hosts = service == null ? null : assignments.get(service);
        return hosts == null ? Collections.emptySortedMap() : hosts;
    }

    /** The active cluster's ClusterLoadAssignment, or null. */
    public ClusterLoadAssignment loadAssignment(String cluster) {
        Cluster c = clusters.get(cluster);
        String service = c == null ? null : EnvoyResources.edsServiceName(c);
        return service == null ? null : loadAssignments.get(service);
    }

    /** Nothing warming: every cluster has its endpoints and every listener its routes. */
    public boolean settled() {
        return warmingClusters.isEmpty() && warmingListeners.isEmpty();
    }
}
