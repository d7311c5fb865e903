package dev.spillway.server.xds.envoy;

import com.google.protobuf.Message;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
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
 * The proxy's config and how Envoy applies each update to it: clusters ({@link ClusterManager}), listeners
 * ({@link ListenerManager}), route configurations and secrets, and the names all of them subscribe to.
 * Runs on the main thread only.
 */
final class ProxyConfig implements ConfigSubscriber {
    private static final String FIRST_CDS = "the first CDS response";
    private static final String FIRST_LDS = "the first LDS response";

    private final EnvoyOptions options;
    private final InitialFetchTimeouts timeouts;
    private final Map<XdsType, Runnable> hooks;
    private final SortedMap<String, RouteConfiguration> routes = new TreeMap<>();
    private final SortedMap<String, Secret> secrets = new TreeMap<>();
    private final Map<XdsType, Set<String>> interest = new EnumMap<>(XdsType.class);
    private GrpcMux<?, ?> mux;
    private ClusterManager clusters;
    private ListenerManager listeners;

    ProxyConfig(EnvoyOptions options, InitialFetchTimeouts timeouts, Map<XdsType, Runnable> hooks) {
        this.options = options;
        this.timeouts = timeouts;
        this.hooks = hooks;
    }

    /** The server's init: CDS first; LDS once every initial cluster is warm ({@code ClusterManagerInitHelper}). */
    void start(GrpcMux<?, ?> mux) {
        this.mux = mux;
        this.clusters = new ClusterManager(timeouts, mux, secrets.keySet(), () -> {
            mux.updateInterest(XdsType.LISTENER, Set.of());
            timeouts.start(FIRST_LDS, () -> {});
        });
        this.listeners = new ListenerManager(options, mux, routes.keySet(), secrets.keySet());
        mux.start();
        mux.updateInterest(XdsType.CLUSTER, Set.of());
        timeouts.start(FIRST_CDS, () -> {});
    }

    ProxyState snapshot() {
        if (clusters == null) {
            return ProxyState.empty();
        }
        return new ProxyState(
                clusters.clusters,
                clusters.warmingNames(),
                clusters.assignments,
                listeners.listeners,
                listeners.warmingNames(),
                routes,
                secrets,
                clusters.warmups,
                clusters.loadAssignments);
    }

    @Override
    public String onConfigUpdate(XdsType type, List<Message> added, List<String> removed, boolean stateOfTheWorld) {
        Runnable hook = hooks.remove(type);
        if (hook != null) {
            hook.run();
        }
        return switch (type) {
            case CLUSTER -> onClusters(added, removed, stateOfTheWorld);
            case ENDPOINT -> onAssignments(added, removed);
            case LISTENER -> onListeners(added, removed, stateOfTheWorld);
            case ROUTE -> onRoutes(added);
            case SECRET -> onSecrets(added);
        };
    }

    /**
     * {@code CdsApiHelper::onConfigUpdate} (source/common/upstream/cds_api_helper.cc): EDS (and SDS) are paused
     * while the update is applied, so the subscription for every new name goes out in one request at the end.
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
                gone.addAll(clusters.missingFrom(names));
            }
            gone.forEach(clusters::remove);
            boolean newWatch = false;
            for (Message m : added) {
                newWatch |= clusters.addOrUpdate((Cluster) m);
            }
            timeouts.done(FIRST_CDS);
            updateInterest(newWatch);
            clusters.warm();
            return null;
        } finally {
            mux.resume(XdsType.SECRET);
            mux.resume(XdsType.ENDPOINT);
        }
    }

    private String onAssignments(List<Message> added, List<String> removed) {
        for (Message m : added) {
            ClusterLoadAssignment cla = (ClusterLoadAssignment) m;
            // GrpcMuxImpl::processDiscoveryResources delivers to watches only.
            if (interest(XdsType.ENDPOINT).contains(cla.getClusterName())) {
                clusters.onAssignment(cla);
            }
        }
        removed.stream().filter(interest(XdsType.ENDPOINT)::contains).forEach(clusters::onAssignmentRemoved);
        clusters.warm();
        return null;
    }

    /**
     * {@code LdsApiImpl::onConfigUpdate} (source/common/listener_manager/lds_api.cc): RDS and SDS are paused while
     * the update is applied; removals go first.
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
                gone.addAll(listeners.missingFrom(names));
            }
            gone.forEach(listeners::remove);
            added.forEach(m -> listeners.addOrUpdate((Listener) m));
            timeouts.done(FIRST_LDS);
            updateInterest(false);
            listeners.warm();
            return null;
        } finally {
            mux.resume(XdsType.SECRET);
            mux.resume(XdsType.ROUTE);
        }
    }

    /** {@code RdsRouteConfigSubscription::onConfigUpdate}: route configurations are shared by name. */
    private String onRoutes(List<Message> added) {
        store(added, XdsType.ROUTE, routes, r -> ((RouteConfiguration) r).getName());
        listeners.warm();
        return null;
    }

    /** {@code SdsApi::onConfigUpdate}: a rotated secret is used in place; a new one lets its users warm. */
    private String onSecrets(List<Message> added) {
        store(added, XdsType.SECRET, secrets, s -> ((Secret) s).getName());
        clusters.warm();
        listeners.warm();
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
     * The names every active and warming cluster and listener watches. A SotW mux requests again whenever a
     * watch is added ({@code GrpcMuxImpl::addWatch}), even for names it already wants; a delta mux only sends
     * the difference. A route configuration or secret newly wanted and not yet held arms its initial fetch timer
     * (an EDS cluster arms its own, in {@link ClusterManager#addOrUpdate}).
     */
    private void updateInterest(boolean newEdsWatch) {
        Set<String> eds = new TreeSet<>();
        Set<String> rds = new TreeSet<>();
        Set<String> sds = new TreeSet<>();
        for (Cluster c : clusters.all()) {
            String service = EnvoyResources.edsServiceName(c);
            if (service != null) {
                eds.add(service);
            }
            sds.addAll(EnvoyResources.secretNames(c));
        }
        for (Listener l : listeners.all()) {
            rds.addAll(EnvoyResources.routeNames(l));
            sds.addAll(EnvoyResources.secretNames(l));
        }
        clusters.assignments.keySet().retainAll(eds);
        clusters.loadAssignments.keySet().retainAll(eds);
        routes.keySet().retainAll(rds);
        secrets.keySet().retainAll(sds);
        watch(XdsType.SECRET, sds, secrets.keySet(), false);
        watch(XdsType.ENDPOINT, eds, null, newEdsWatch);
        watch(XdsType.ROUTE, rds, routes.keySet(), false);
    }

    private void watch(XdsType type, Set<String> names, Set<String> held, boolean newWatch) {
        Set<String> before = interest.get(type);
        if (held != null) {
            names.stream()
                    .filter(n -> !held.contains(n))
                    .forEach(n -> timeouts.startIfAbsent(type + " " + n, () -> {}));
            if (before != null) {
                before.stream().filter(n -> !names.contains(n)).forEach(n -> timeouts.done(type + " " + n));
            }
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

    /** The main thread is busy applying a large CDS or LDS response; nothing else is processed meanwhile. */
    private void processingTime() {
        try {
            Thread.sleep(options.processingDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
