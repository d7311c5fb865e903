package dev.spillway.translator.xds;

import com.google.protobuf.MessageOrBuilder;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.translator.model.ApiListener;
import dev.spillway.translator.model.HttpListener;
import dev.spillway.translator.model.HttpsChain;
import dev.spillway.translator.model.ResolvedGroup;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.TcpListener;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.xds.acceptance.EnvoyAcceptance;
import dev.spillway.translator.xds.acceptance.Violation;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The xds stage's entry point: a resolved group in, its Envoy resources out, each checked against
 * Envoy's field rules. A resource that breaks one is left out and reported; the rest are served.
 */
public final class XdsTranslator {
    private XdsTranslator() {}

    /** Translates a group, reusing what the memo holds for units whose content did not change. */
    public static XdsResources translate(ResolvedGroup group, XdsMemo memo) {
        return translate(group, EnvoyFieldRules.get(), memo);
    }

    static XdsResources translate(ResolvedGroup group, FieldRules rules) {
        return translate(group, rules, new XdsMemo());
    }

    static XdsResources translate(ResolvedGroup group, FieldRules rules, XdsMemo memo) {
        List<XdsResources> units = new ArrayList<>();
        group.clusters().forEach(c -> units.add(memo.get(c, () -> unit(rules, a -> a.cluster(c)))));
        group.httpListeners().forEach(l -> units.add(memo.get(l, () -> unit(rules, a -> a.http(l)))));
        group.tcpListeners().forEach(l -> units.add(memo.get(l, () -> unit(rules, a -> a.tcp(l)))));
        apiListeners(group, rules, memo, units);
        group.secrets().forEach(s -> units.add(memo.get(s, () -> unit(rules, a -> a.secret(s)))));
        return References.accept(merge(units), group);
    }

    /** An API listener's content: its routes' filters come from the shared virtual host, computed once. */
    private record ApiListenerUnit(String name, String routeConfigName, Set<RouteFilter> filters, ResourceKey source) {}

    /** One shared route configuration, the unit its listeners depend on. */
    private record ApiRoutesUnit(String routeConfigName, dev.spillway.translator.model.VirtualHost host) {}

    /**
     * Each route configuration of the API listeners once, then the listeners of the route configurations that
     * passed (a listener whose routes Envoy's rules refuse would name routes nobody serves).
     */
    private static void apiListeners(ResolvedGroup group, FieldRules rules, XdsMemo memo, List<XdsResources> units) {
        Map<String, ApiListener> firstOfRoute = new LinkedHashMap<>();
        group.apiListeners().forEach(l -> firstOfRoute.putIfAbsent(l.routeConfigName(), l));
        Map<String, Set<RouteFilter>> filters = new HashMap<>();
        for (ApiListener l : firstOfRoute.values()) {
            Set<RouteFilter> used = Listeners.routeFilters(l);
            XdsResources routes = memo.get(
                    new ApiRoutesUnit(l.routeConfigName(), l.virtualHost()),
                    () -> unit(rules, a -> a.apiRoutes(l, used)));
            units.add(routes);
            if (!routes.routes().isEmpty()) {
                filters.put(l.routeConfigName(), used);
            }
        }
        for (ApiListener l : group.apiListeners()) {
            Set<RouteFilter> used = filters.get(l.routeConfigName());
            if (used != null) {
                ApiListenerUnit unit = new ApiListenerUnit(
                        l.name(), l.routeConfigName(), used, l.virtualHost().source());
                units.add(memo.get(unit, () -> unit(rules, a -> a.apiListener(unit))));
            }
        }
    }

    /** The resources of one cluster model alone (clusters, assignments, problems, index), through the memo. */
    static XdsResources clusterUnit(UpstreamCluster model, XdsMemo memo, FieldRules rules) {
        return memo.get(model, () -> unit(rules, a -> a.cluster(model)));
    }

    private static XdsResources unit(FieldRules rules, java.util.function.Consumer<Accepted> build) {
        Accepted accepted = new Accepted(rules);
        build.accept(accepted);
        return accepted.resources();
    }

    private static XdsResources merge(List<XdsResources> units) {
        List<Cluster> clusters = new ArrayList<>();
        List<ClusterLoadAssignment> endpoints = new ArrayList<>();
        List<Listener> listeners = new ArrayList<>();
        List<RouteConfiguration> routes = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        List<XdsProblem> problems = new ArrayList<>();
        XdsIndex.Builder index = new XdsIndex.Builder();
        for (XdsResources u : units) {
            clusters.addAll(u.clusters());
            endpoints.addAll(u.endpoints());
            listeners.addAll(u.listeners());
            routes.addAll(u.routes());
            secrets.addAll(u.secrets());
            problems.addAll(u.problems());
            index.add(u.index());
        }
        return new XdsResources(clusters, endpoints, listeners, routes, secrets, problems, index.build());
    }

    /** Collects the resources that pass the rules, and a problem per broken rule. */
    private static final class Accepted {
        private final FieldRules rules;
        private final List<Cluster> clusters = new ArrayList<>();
        private final List<ClusterLoadAssignment> endpoints = new ArrayList<>();
        private final List<Listener> listeners = new ArrayList<>();
        private final List<RouteConfiguration> routes = new ArrayList<>();
        private final List<Secret> secrets = new ArrayList<>();
        private final List<XdsProblem> problems = new ArrayList<>();
        private final XdsIndex.Builder index = new XdsIndex.Builder();

        Accepted(FieldRules rules) {
            this.rules = rules;
        }

        /** A cluster and its endpoints go together: an EDS cluster without them would warm for ever. */
        void cluster(UpstreamCluster model) {
            List<UpstreamCluster> parts = FailoverParts.of(model);
            if (parts.size() == 1) {
                clusterWithEndpoints(model);
                return;
            }
            // Each part is served only if all are, under the aggregate that keeps the upstream's name.
            Accepted partsOnly = new Accepted(rules);
            parts.forEach(partsOnly::clusterWithEndpoints);
            Cluster aggregate = FailoverParts.aggregate(model, parts);
            boolean aggregatePasses = passes(aggregate, aggregate.getName(), "", model.source());
            problems.addAll(partsOnly.problems);
            if (aggregatePasses && partsOnly.problems.isEmpty()) {
                clusters.add(aggregate);
                clusters.addAll(partsOnly.clusters);
                endpoints.addAll(partsOnly.endpoints);
                index.add(partsOnly.index.build()).source(typeUrl(aggregate), aggregate.getName(), model.source());
            }
        }

        /** A DNS cluster carries its endpoints; an EDS one is served with its ClusterLoadAssignment. */
        private void clusterWithEndpoints(UpstreamCluster model) {
            Cluster cluster = Clusters.of(model);
            boolean clusterPasses = passes(cluster, cluster.getName(), "", model.source());
            if (model.discovery() != UpstreamCluster.Discovery.EDS) {
                if (clusterPasses) {
                    clusters.add(cluster);
                    index.source(typeUrl(cluster), cluster.getName(), model.source());
                }
                return;
            }
            ClusterLoadAssignment cla = Endpoints.of(model);
            boolean endpointsPass = passes(cla, cla.getClusterName(), "", model.source());
            if (clusterPasses && endpointsPass) {
                clusters.add(cluster);
                endpoints.add(cla);
                index.source(typeUrl(cluster), cluster.getName(), model.source())
                        .source(typeUrl(cla), cla.getClusterName(), model.source())
                        .edsServiceName(cluster.getName(), cla.getClusterName());
            }
        }

        /**
         * A virtual host that breaks a rule is left out on its own (it is its VirtualService's fault); the
         * listener and its route configuration go together, as a listener waits for its RDS name.
         */
        void http(HttpListener model) {
            List<VirtualHost> hosts = new ArrayList<>();
            for (int i = 0; i < model.virtualHosts().size(); i++) {
                var host = model.virtualHosts().get(i);
                VirtualHost built = Routes.virtualHost(host, Listeners.routeFilters(model));
                String path = "virtual_hosts[" + i + "]";
                if (passes(built, model.routeConfigName(), path, host.source())
                        && domainsFree(hosts, built, model.routeConfigName(), path, host.source())) {
                    hosts.add(built);
                }
            }
            List<RouteConfiguration> built = model.tlsChains() == null
                    ? List.of(Routes.routeConfiguration(model, hosts))
                    : HttpsFilterChains.routes(model.tlsChains(), hosts);
            Listener listener = Listeners.http(model);
            boolean listenerPasses = passes(listener, listener.getName(), "", model.source());
            boolean routesPass = true;
            for (RouteConfiguration r : built) {
                routesPass &= passes(r, r.getName(), "", model.source());
            }
            if (listenerPasses && routesPass) {
                listeners.add(listener);
                routes.addAll(built);
                index.source(typeUrl(listener), listener.getName(), model.source());
                built.forEach(route -> index.source(typeUrl(route), route.getName(), routeSource(model, route)));
            }
        }

        /**
         * A NACKed route configuration is its one VirtualService's fault (an HTTPS chain's routes hold just its
         * own), or else its Gateway's.
         */
        private static ResourceKey routeSource(HttpListener model, RouteConfiguration route) {
            if (model.tlsChains() != null) {
                return model.tlsChains().stream()
                        .filter(c -> c.routeConfigName().equals(route.getName()))
                        .map(HttpsChain::source)
                        .findFirst()
                        .orElse(model.source());
            }
            return model.virtualHosts().size() == 1
                    ? model.virtualHosts().get(0).source()
                    : model.source();
        }

        /** The route configuration the API listeners of one VirtualService share. */
        void apiRoutes(ApiListener model, Set<RouteFilter> filters) {
            VirtualHost host = Routes.virtualHost(model.virtualHost(), filters);
            RouteConfiguration route = RouteConfiguration.newBuilder()
                    .setName(model.routeConfigName())
                    .addVirtualHosts(host)
                    .build();
            ResourceKey source = model.virtualHost().source();
            if (passes(route, route.getName(), "", source)) {
                routes.add(route);
                index.source(typeUrl(route), route.getName(), source);
            }
        }

        /** A proxyless client's listener: the connection manager naming its route configuration. */
        void apiListener(ApiListenerUnit model) {
            Listener listener = Listeners.api(model.name(), model.routeConfigName(), model.filters());
            if (passes(listener, listener.getName(), "", model.source())) {
                listeners.add(listener);
                index.source(typeUrl(listener), listener.getName(), model.source());
            }
        }

        void tcp(TcpListener model) {
            Listener listener = Listeners.tcp(model);
            if (passes(listener, listener.getName(), "", model.source())) {
                listeners.add(listener);
                index.source(typeUrl(listener), listener.getName(), model.source());
            }
        }

        void secret(SdsSecret model) {
            Secret secret = Secrets.of(model);
            if (passes(secret, secret.getName(), "", null)) {
                secrets.add(secret);
            }
        }

        /** Envoy rejects the whole route configuration for one domain clash: the host that comes later is left out. */
        private boolean domainsFree(
                List<VirtualHost> accepted,
                VirtualHost candidate,
                String routeConfig,
                String pathPrefix,
                ResourceKey source) {
            List<Violation> clashes = EnvoyAcceptance.domainClashes(accepted, candidate, routeConfig);
            clashes.forEach(
                    v -> problems.add(new XdsProblem(source, routeConfig, join(pathPrefix, v.path()), v.message())));
            return clashes.isEmpty();
        }

        private boolean passes(MessageOrBuilder resource, String name, String pathPrefix, ResourceKey source) {
            List<FieldRules.Finding> findings = rules.check(resource);
            for (FieldRules.Finding f : findings) {
                problems.add(new XdsProblem(source, name, join(pathPrefix, f.path()), f.message()));
            }
            return findings.isEmpty();
        }

        /** The type URL Envoy and the snapshot know the resource's type by, as {@code Any.pack} writes it. */
        private static String typeUrl(MessageOrBuilder resource) {
            return "type.googleapis.com/" + resource.getDescriptorForType().getFullName();
        }

        private static String join(String prefix, String path) {
            if (prefix.isEmpty() || path.isEmpty()) {
                return prefix + path;
            }
            return path.startsWith("[") ? prefix + path : prefix + "." + path;
        }

        XdsResources resources() {
            return new XdsResources(clusters, endpoints, listeners, routes, secrets, problems, index.build());
        }
    }
}
