package dev.spillway.translator.xds;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.translator.model.ResolvedGroup;
import dev.spillway.translator.xds.acceptance.EnvoyAcceptance;
import dev.spillway.translator.xds.acceptance.Violation;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The acceptance rules between resources of one group, applied once every unit is built: a virtual host
 * whose route names a cluster not served, a filter chain whose tcp_proxy does, and a second secret under a
 * name are left out and reported, and the rest is served.
 */
final class References {
    private References() {}

    static XdsResources accept(XdsResources xds, ResolvedGroup group) {
        Set<String> clusters = xds.clusters().stream().map(Cluster::getName).collect(Collectors.toSet());
        List<XdsProblem> problems = new ArrayList<>(xds.problems());
        Map<HostName, ResourceKey> hostSources = hostSources(group);
        List<RouteConfiguration> routes = new ArrayList<>();
        for (RouteConfiguration route : xds.routes()) {
            routes.add(withServedClusters(route, clusters, hostSources, problems));
        }
        Map<String, ResourceKey> listenerSources = new HashMap<>();
        group.tcpListeners().forEach(l -> listenerSources.put(l.name(), l.source()));
        group.httpListeners().forEach(l -> listenerSources.put(l.name(), l.source()));
        List<Listener> listeners = new ArrayList<>();
        for (Listener listener : xds.listeners()) {
            Listener kept = withServedClusters(listener, clusters, listenerSources.get(listener.getName()), problems);
            if (kept != null) {
                listeners.add(kept);
            }
        }
        List<Secret> secrets = new ArrayList<>(xds.secrets());
        List<Violation> duplicates = EnvoyAcceptance.secretNames(secrets);
        if (!duplicates.isEmpty()) {
            Set<String> seen = new HashSet<>();
            secrets.removeIf(s -> !seen.add(s.getName()));
            duplicates.forEach(v -> problems.add(new XdsProblem(null, "secrets", v.path(), v.message())));
        }
        return new XdsResources(xds.clusters(), xds.endpoints(), listeners, routes, secrets, problems, xds.index());
    }

    private static RouteConfiguration withServedClusters(
            RouteConfiguration route,
            Set<String> clusters,
            Map<HostName, ResourceKey> sources,
            List<XdsProblem> problems) {
        RouteConfiguration.Builder kept = route.toBuilder().clearVirtualHosts();
        boolean changed = false;
        for (int i = 0; i < route.getVirtualHostsCount(); i++) {
            VirtualHost host = route.getVirtualHosts(i);
            List<Violation> violations = EnvoyAcceptance.routeReferences(host, clusters);
            if (violations.isEmpty()) {
                kept.addVirtualHosts(host);
                continue;
            }
            changed = true;
            ResourceKey source = sources.get(new HostName(route.getName(), host.getName()));
            String prefix = "virtual_hosts[" + i + "]";
            violations.forEach(
                    v -> problems.add(new XdsProblem(source, route.getName(), prefix + "." + v.path(), v.message())));
        }
        return changed ? kept.build() : route;
    }

    /** The listener without the filter chains that forward to a cluster not served; null when none is left. */
    private static Listener withServedClusters(
            Listener listener, Set<String> clusters, ResourceKey source, List<XdsProblem> problems) {
        Listener.Builder kept = listener.toBuilder().clearFilterChains();
        boolean changed = false;
        for (int i = 0; i < listener.getFilterChainsCount(); i++) {
            FilterChain chain = listener.getFilterChains(i);
            List<Violation> violations = EnvoyAcceptance.tcpProxyReferences(chain, clusters);
            if (violations.isEmpty()) {
                kept.addFilterChains(chain);
                continue;
            }
            changed = true;
            String prefix = "filter_chains[" + i + "]";
            violations.forEach(v ->
                    problems.add(new XdsProblem(source, listener.getName(), prefix + "." + v.path(), v.message())));
        }
        if (!changed) {
            return listener;
        }
        // Envoy rejects a listener without filter chains (ListenerImpl::validateFilterChains).
        return kept.getFilterChainsCount() == 0 ? null : kept.build();
    }

    /** A virtual host within its route configuration. */
    private record HostName(String routeConfig, String virtualHost) {}

    private static Map<HostName, ResourceKey> hostSources(ResolvedGroup group) {
        Map<HostName, ResourceKey> sources = new HashMap<>();
        group.httpListeners()
                .forEach(l -> l.virtualHosts()
                        .forEach(h -> sources.put(new HostName(l.routeConfigName(), h.name()), h.source())));
        group.apiListeners()
                .forEach(l -> sources.put(
                        new HostName(l.routeConfigName(), l.virtualHost().name()),
                        l.virtualHost().source()));
        return sources;
    }
}
