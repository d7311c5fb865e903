package dev.spillway.server.xds.envoy;

import com.google.protobuf.Message;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The proxy's config and how Envoy applies each update to it: the cluster manager's active and warming clusters,
 * the listener manager's active and warming listeners, routes and secrets. Runs on the main thread only.
 */
final class ProxyConfig implements ConfigSubscriber {
    /** A new or changed cluster until it is warm. */
    private static final class WarmingCluster {
        final Cluster cluster;
        boolean awaitingAssignment;

        WarmingCluster(Cluster cluster) {
            this.cluster = cluster;
            this.awaitingAssignment = EnvoyResources.edsServiceName(cluster) != null;
        }
    }

    private final EnvoyOptions options;
    private final InitialFetchTimeouts timeouts;
    private final Map<XdsType, Runnable> hooks;
    private GrpcMux<?, ?> mux;
    private final SortedMap<String, Cluster> clusters = new TreeMap<>();
    private final SortedMap<String, WarmingCluster> warmingClusters = new TreeMap<>();
    private final SortedMap<String, SortedMap<Integer, List<String>>> assignments = new TreeMap<>();
    private final SortedMap<String, Listener> listeners = new TreeMap<>();
    private final SortedMap<String, Listener> warmingListeners = new TreeMap<>();
    private final SortedMap<String, RouteConfiguration> routes = new TreeMap<>();
    private final SortedMap<String, Secret> secrets = new TreeMap<>();
    private final Map<XdsType, Set<String>> interest = new EnumMap<>(XdsType.class);
    private boolean clustersInitialized;
    private boolean cdsPaused;
    private boolean ldsPaused;
    private int clusterWarmups;

    ProxyConfig(EnvoyOptions options, InitialFetchTimeouts timeouts, Map<XdsType, Runnable> hooks) {
        this.options = options;
        this.timeouts = timeouts;
        this.hooks = hooks;
    }

    /** The server's init: CDS first; LDS once every initial cluster is warm ({@code ClusterManagerInitHelper}). */
    void start(GrpcMux<?, ?> mux) {
        this.mux = mux;
        mux.start();
        mux.updateInterest(XdsType.CLUSTER, Set.of());
        timeouts.start("the first CDS response", () -> { });
    }

    ProxyState snapshot() {
        return new ProxyState(clusters, new TreeSet<>(warmingClusters.keySet()), assignments, listeners,
                new TreeSet<>(warmingListeners.keySet()),
                routes, secrets, clusterWarmups);
    }

    @Override
    public String onConfigUpdate(XdsType type, List<Message> added, List<String> removed, boolean stateOfTheWorld) {
        Runnable hook = hooks.remove(type);
        if (hook != null) {
            hook.run();
        }
        return switch (type) {
            case CLUSTER -> onClusters(added, removed, stateOfTheWorld);
            case ENDPOINT -> onAssignments(added);
            case LISTENER -> onListeners(added, removed, stateOfTheWorld);
            case ROUTE -> onRoutes(added);
            case SECRET -> onSecrets(added);
        };
    }

    /**
     * {@code CdsApiHelper::onConfigUpdate} (source/common/upstream/cds_api_helper.cc): EDS (and SDS) are paused
     * while the update is applied, so the subscription for every new name goes out in one request at the end;
     * a SotW response removes the clusters it does not name.
     */
    private String onClusters(List<Message> added, List<String> removed, boolean stateOfTheWorld) {
        processingTime();
        mux.pause(XdsType.ENDPOINT);
        mux.pause(XdsType.SECRET);
        try {
            Set<String> names = new HashSet<>();
            for (Message m : added) {
                if (!names.add(((Cluster) m).getName())) {
                    return "duplicate cluster " + ((Cluster) m).getName() + " found";
                }
            }
            Set<String> gone = new TreeSet<>(removed);
            if (stateOfTheWorld) {
                gone.addAll(clusters.keySet());
                gone.addAll(warmingClusters.keySet());
                gone.removeAll(names);
            }
            gone.forEach(this::removeCluster);
            boolean newWatch = false;
            for (Message m : added) {
                newWatch |= addOrUpdateCluster((Cluster) m);
            }
            timeouts.done("the first CDS response");
            updateInterest(newWatch);
            warmClusters();
            return null;
        } finally {
            mux.resume(XdsType.SECRET);
            mux.resume(XdsType.ENDPOINT);
        }
    }

    /**
     * {@code ClusterManagerImpl::addOrUpdateCluster}: a cluster identical to the active or warming one is skipped;
     * a new or changed one warms beside the active one, and its EDS subscription arms its own initial fetch timer.
     *
     * @return true when a cluster started warming
     */
    private boolean addOrUpdateCluster(Cluster c) {
        WarmingCluster warming = warmingClusters.get(c.getName());
        if (warming != null ? warming.cluster.equals(c) : c.equals(clusters.get(c.getName()))) {
            return false;
        }
        warmingClusters.put(c.getName(), new WarmingCluster(c));
        clusterWarmups++;
        String service = EnvoyResources.edsServiceName(c);
        if (service != null) {
            timeouts.start(assignmentWait(c.getName(), service), () -> onAssignmentTimeout(c.getName()));
        }
        return true;
    }

    /** {@code EdsClusterImpl::onConfigUpdateFailed}: past the timeout the cluster is initialized without hosts. */
    private void onAssignmentTimeout(String cluster) {
        WarmingCluster warming = warmingClusters.get(cluster);
        if (warming != null) {
            warming.awaitingAssignment = false;
            warmClusters();
        }
    }

    private void removeCluster(String name) {
        clusters.remove(name);
        WarmingCluster warming = warmingClusters.remove(name);
        if (warming != null && EnvoyResources.edsServiceName(warming.cluster) != null) {
            timeouts.done(assignmentWait(name, EnvoyResources.edsServiceName(warming.cluster)));
        }
    }

    /** {@code EdsClusterImpl::onConfigUpdate}: every cluster of the service name takes the new hosts. */
    private String onAssignments(List<Message> added) {
        for (Message m : added) {
            ClusterLoadAssignment cla = (ClusterLoadAssignment) m;
            String service = cla.getClusterName();
            if (!interest(XdsType.ENDPOINT).contains(service)) {
                continue; // GrpcMuxImpl::processDiscoveryResources delivers to watches only.
            }
            assignments.put(service, EnvoyResources.hosts(cla));
            for (WarmingCluster warming : warmingClusters.values()) {
                if (service.equals(EnvoyResources.edsServiceName(warming.cluster))) {
                    warming.awaitingAssignment = false;
                    timeouts.done(assignmentWait(warming.cluster.getName(), service));
                }
            }
        }
        warmClusters();
        return null;
    }

    /**
     * {@code ClusterManagerImpl::clusterWarmingToActive} for every cluster with its endpoints and secrets, then
     * {@code ClusterManagerImpl::updateClusterCounts} (source/common/upstream/cluster_manager_impl.cc): once the
     * initial clusters are up, CDS stays paused on the ADS mux, its ACK held, while any cluster warms.
     */
    private void warmClusters() {
        for (WarmingCluster warming : List.copyOf(warmingClusters.values())) {
            if (!warming.awaitingAssignment && secrets.keySet().containsAll(EnvoyResources.secretNames(warming.cluster))) {
                warmingClusters.remove(warming.cluster.getName());
                clusters.put(warming.cluster.getName(), warming.cluster);
            }
        }
        if (!clustersInitialized) {
            if (warmingClusters.isEmpty()) {
                clustersInitialized = true;
                mux.updateInterest(XdsType.LISTENER, Set.of());
                timeouts.start("the first LDS response", () -> { });
            }
            return;
        }
        if (!warmingClusters.isEmpty() && !cdsPaused) {
            cdsPaused = true;
            mux.pause(XdsType.CLUSTER);
        } else if (warmingClusters.isEmpty() && cdsPaused) {
            cdsPaused = false;
            mux.resume(XdsType.CLUSTER);
        }
    }

    /**
     * {@code LdsApiImpl::onConfigUpdate} (source/common/listener_manager/lds_api.cc): RDS and SDS are paused while the
     * update is applied; removals go first; {@code ListenerManagerImpl::addOrUpdateListener} skips an identical
     * listener and warms a new or changed one until its route configurations and secrets arrive.
     */
    private String onListeners(List<Message> added, List<String> removed, boolean stateOfTheWorld) {
        processingTime();
        mux.pause(XdsType.ROUTE);
        mux.pause(XdsType.SECRET);
        try {
            Set<String> names = new HashSet<>();
            for (Message m : added) {
                if (!names.add(((Listener) m).getName())) {
                    return "duplicate listener " + ((Listener) m).getName() + " found";
                }
            }
            Set<String> gone = new TreeSet<>(removed);
            if (stateOfTheWorld) {
                gone.addAll(listeners.keySet());
                gone.addAll(warmingListeners.keySet());
                gone.removeAll(names);
            }
            for (String name : gone) {
                listeners.remove(name);
                warmingListeners.remove(name);
            }
            for (Message m : added) {
                Listener l = (Listener) m;
                Listener warming = warmingListeners.get(l.getName());
                if (!(warming != null ? warming.equals(l) : l.equals(listeners.get(l.getName())))) {
                    warmingListeners.put(l.getName(), l);
                }
            }
            timeouts.done("the first LDS response");
            updateInterest(false);
            warmListeners();
            return null;
        } finally {
            mux.resume(XdsType.SECRET);
            mux.resume(XdsType.ROUTE);
        }
    }

    /** {@code RdsRouteConfigSubscription::onConfigUpdate}: route configurations are shared by name. */
    private String onRoutes(List<Message> added) {
        store(added, XdsType.ROUTE, routes, r -> ((RouteConfiguration) r).getName());
        warmListeners();
        return null;
    }

    /** {@code SdsApi::onConfigUpdate}: a rotated secret is used in place; a new one lets its users warm. */
    private String onSecrets(List<Message> added) {
        store(added, XdsType.SECRET, secrets, s -> ((Secret) s).getName());
        warmClusters();
        warmListeners();
        return null;
    }

    @SuppressWarnings("unchecked")
    private <T> void store(List<Message> added, XdsType type, Map<String, T> into, Function<Message, String> name) {
        for (Message m : added) {
            String n = name.apply(m);
            if (interest(type).contains(n)) {
                into.put(n, (T) m);
                timeouts.done(type + " " + n);
            }
        }
    }

    /**
     * {@code ListenerManagerImpl::onListenerWarmed} for every listener with its routes and secrets. With
     * {@link EnvoyOptions#holdLdsAckWhileWarming()} LDS stays paused while any listener warms, as CDS does.
     */
    private void warmListeners() {
        for (Listener l : List.copyOf(warmingListeners.values())) {
            if (routes.keySet().containsAll(EnvoyResources.routeNames(l))
                    && secrets.keySet().containsAll(EnvoyResources.secretNames(l))) {
                warmingListeners.remove(l.getName());
                listeners.put(l.getName(), l);
            }
        }
        if (!options.holdLdsAckWhileWarming()) {
            return;
        }
        if (!warmingListeners.isEmpty() && !ldsPaused) {
            ldsPaused = true;
            mux.pause(XdsType.LISTENER);
        } else if (warmingListeners.isEmpty() && ldsPaused) {
            ldsPaused = false;
            mux.resume(XdsType.LISTENER);
        }
    }

    /**
     * The names every active and warming cluster and listener watches. A SotW mux requests again whenever a
     * watch is added ({@code GrpcMuxImpl::addWatch}), even for names it already wants; a delta mux only sends
     * the difference. A name newly wanted and not yet held arms its initial fetch timer.
     */
    private void updateInterest(boolean newEdsWatch) {
        Set<String> eds = new TreeSet<>();
        Set<String> rds = new TreeSet<>();
        Set<String> sds = new TreeSet<>();
        for (Cluster c : allClusters()) {
            String service = EnvoyResources.edsServiceName(c);
            if (service != null) {
                eds.add(service);
            }
            sds.addAll(EnvoyResources.secretNames(c));
        }
        for (Listener l : allListeners()) {
            rds.addAll(EnvoyResources.routeNames(l));
            sds.addAll(EnvoyResources.secretNames(l));
        }
        assignments.keySet().retainAll(eds);
        routes.keySet().retainAll(rds);
        secrets.keySet().retainAll(sds);
        watch(XdsType.SECRET, sds, secrets.keySet(), false);
        watch(XdsType.ENDPOINT, eds, Set.of(), newEdsWatch);
        watch(XdsType.ROUTE, rds, routes.keySet(), false);
    }

    private void watch(XdsType type, Set<String> names, Set<String> held, boolean newWatch) {
        Set<String> before = interest.get(type);
        for (String name : names) {
            if (!held.contains(name) && type != XdsType.ENDPOINT) {
                timeouts.startIfAbsent(type + " " + name, () -> { });
            }
        }
        if (before != null) {
            before.stream().filter(n -> !names.contains(n)).forEach(n -> timeouts.done(type + " " + n));
        }
        boolean changed = before == null ? !names.isEmpty() : !before.equals(names);
        if (changed || (newWatch && !options.delta() && before != null)) {
            interest.put(type, Set.copyOf(names));
            mux.updateInterest(type, names);
        }
    }

    private Set<String> interest(XdsType type) {
        return interest.getOrDefault(type, Set.of());
    }

    private List<Cluster> allClusters() {
        List<Cluster> all = new ArrayList<>(clusters.values());
        warmingClusters.values().forEach(w -> all.add(w.cluster));
        return all;
    }

    private List<Listener> allListeners() {
        List<Listener> all = new ArrayList<>(listeners.values());
        all.addAll(warmingListeners.values());
        return all;
    }

    /** The main thread is busy applying a large CDS or LDS response; nothing else is processed meanwhile. */
    private void processingTime() {
        try {
            Thread.sleep(options.processingDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String assignmentWait(String cluster, String service) {
        return "ClusterLoadAssignment " + service + " of cluster " + cluster;
    }
}
