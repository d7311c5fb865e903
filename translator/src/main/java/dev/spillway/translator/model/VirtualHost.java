package dev.spillway.translator.model;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.VirtualService.Matcher;
import java.util.List;

/**
 * One virtual host of a route configuration.
 *
 * @param name    {@code <vsNamespace>_<vsName>}
 * @param domains domains, in the order written
 * @param routes  routes, first match wins
 * @param source  the VirtualService it comes from
 */
public record VirtualHost(String name, List<String> domains, List<Route> routes, ResourceKey source) {
    public VirtualHost {
        domains = List.copyOf(domains);
        routes = List.copyOf(routes);
    }

    /**
     * One route: an Envoy route per matcher, all with the same action.
     *
     * @param matcher      what requests it takes
     * @param destinations Envoy cluster names with weights (weight 0 for a single destination)
     * @param weighted     true for weighted clusters
     */
    public record Route(Matcher matcher, List<WeightedCluster> destinations, boolean weighted) {
        public Route {
            destinations = List.copyOf(destinations);
        }
    }

    /**
     * A destination cluster.
     *
     * @param cluster Envoy cluster name
     * @param weight  relative weight, 0 for single destinations
     */
    public record WeightedCluster(String cluster, int weight) {
    }
}
