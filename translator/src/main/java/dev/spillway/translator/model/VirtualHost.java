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
 * @param retry   the virtual host's retry policy, or null
 * @param headers the virtual host's header changes, or null
 * @param cors    the virtual host's CORS policy, or null
 */
public record VirtualHost(
        String name,
        List<String> domains,
        List<Route> routes,
        ResourceKey source,
        RoutePolicy.Retry retry,
        RoutePolicy.HeaderRules headers,
        RoutePolicy.Cors cors) {
    public VirtualHost {
        domains = List.copyOf(domains);
        routes = List.copyOf(routes);
    }

    /** A virtual host without retry policy or header changes. */
    public VirtualHost(String name, List<String> domains, List<Route> routes, ResourceKey source) {
        this(name, domains, routes, source, null, null, null);
    }

    /**
     * One Envoy route (a VirtualService route gives one per matcher). Exactly one of a destination list,
     * {@code redirect} and {@code directResponse} is set.
     *
     * @param name           Envoy route name, empty for none
     * @param matcher        what requests it takes
     * @param destinations   Envoy cluster names with weights (weight 0 for a single destination); empty for
     *                       redirects and direct responses
     * @param weighted       true for weighted clusters
     * @param policy         retries, timeouts, rewrites and header changes
     * @param redirect       the redirect it answers with, or null
     * @param directResponse the response it answers with, or null
     */
    public record Route(
            String name,
            Matcher matcher,
            List<WeightedCluster> destinations,
            boolean weighted,
            RoutePolicy policy,
            RoutePolicy.Redirect redirect,
            RoutePolicy.DirectResponse directResponse) {
        public Route {
            destinations = List.copyOf(destinations);
            policy = policy == null ? RoutePolicy.NONE : policy;
        }

        /** An unnamed route to clusters without policy. */
        public Route(Matcher matcher, List<WeightedCluster> destinations, boolean weighted) {
            this("", matcher, destinations, weighted, RoutePolicy.NONE, null, null);
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
