package dev.spillway.translator.model;

import dev.spillway.api.model.ResourceKey;
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
    public record WeightedCluster(String cluster, int weight) {}

    /**
     * What requests a route takes: exactly one path form plus optional headers and methods.
     *
     * @param pathKind how {@code path} matches
     * @param path     the prefix, exact path or regex
     * @param headers  header conditions, all must hold
     * @param methods  HTTP methods accepted; empty for any
     */
    public record Matcher(PathKind pathKind, String path, List<HeaderMatcher> headers, List<String> methods) {
        public Matcher {
            headers = List.copyOf(headers);
            methods = List.copyOf(methods);
        }
    }

    /** The three path match forms. */
    public enum PathKind {
        PREFIX,
        EXACT,
        REGEX
    }

    /**
     * One header condition.
     *
     * @param name        header name
     * @param value       value to match; empty means "present"
     * @param regex       value is a regular expression
     * @param invertMatch match when the condition does not hold
     */
    public record HeaderMatcher(String name, String value, boolean regex, boolean invertMatch) {}
}
