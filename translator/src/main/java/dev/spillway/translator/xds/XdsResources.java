package dev.spillway.translator.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The Envoy resources of one proxy group, each list sorted by name. Every EDS cluster has its
 * ClusterLoadAssignment and every HTTP listener its RouteConfiguration: resources are dropped in pairs.
 *
 * @param clusters  CDS clusters
 * @param endpoints EDS load assignments, named by the clusters' EDS service names
 * @param listeners LDS listeners
 * @param routes    RDS route configurations
 * @param secrets   SDS secrets (with private keys: print them with {@link EnvoyJson})
 * @param problems  resources left out because they break Envoy's field rules
 * @param index     where each resource comes from, and the clusters' EDS service names
 */
public record XdsResources(
        List<Cluster> clusters,
        List<ClusterLoadAssignment> endpoints,
        List<Listener> listeners,
        List<RouteConfiguration> routes,
        List<Secret> secrets,
        List<XdsProblem> problems,
        XdsIndex index) {

    private static final Comparator<XdsProblem> PROBLEM_ORDER = Comparator.comparing(XdsProblem::resourceName)
            .thenComparing(XdsProblem::path)
            .thenComparing(XdsProblem::message);

    public XdsResources {
        clusters = sorted(clusters, Cluster::getName);
        endpoints = sorted(endpoints, ClusterLoadAssignment::getClusterName);
        listeners = sorted(listeners, Listener::getName);
        routes = sorted(routes, RouteConfiguration::getName);
        secrets = sorted(secrets, Secret::getName);
        problems = problems.stream().sorted(PROBLEM_ORDER).toList();
    }

    /** A group with nothing to serve: still a valid, complete snapshot. */
    public static XdsResources empty() {
        return new XdsResources(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), XdsIndex.EMPTY);
    }

    private static <T> List<T> sorted(List<T> resources, Function<T, String> name) {
        if (resources instanceof NameSortedList<T>) {
            return resources;
        }
        return NameSortedList.of(
                resources.stream().sorted(Comparator.comparing(name)).toList());
    }
}
