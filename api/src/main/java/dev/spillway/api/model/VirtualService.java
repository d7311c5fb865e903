package dev.spillway.api.model;

import java.util.List;

/**
 * {@code gateway.solo.io/v1 VirtualService}: a virtual host with ordered routes.
 *
 * @param meta    metadata
 * @param domains domains served; {@code *} when none are given
 * @param routes  routes, first match wins
 * @param ssl     {@code spec.sslConfig}: served only by {@code ssl: true} Gateways; null for plaintext
 */
public record VirtualService(ObjectMeta meta, List<String> domains, List<Route> routes, DownstreamSsl ssl)
        implements Resource {

    public VirtualService {
        domains = List.copyOf(domains);
        routes = List.copyOf(routes);
    }

    /** A plaintext VirtualService. */
    public VirtualService(ObjectMeta meta, List<String> domains, List<Route> routes) {
        this(meta, domains, routes, null);
    }

    /**
     * {@code spec.sslConfig}: TLS termination for this virtual host on an HTTPS Gateway.
     *
     * @param secretRef            server certificate and key (and, with ca.crt, the client CA); null when missing
     * @param sniDomains           SNI names its filter chain matches; empty for its domains
     * @param oneWayTls            with a CA in the secret, still accept clients without a certificate
     * @param alpnProtocols        ALPN protocols offered, empty for {@code h2,http/1.1}
     * @param verifySubjectAltName SANs a client certificate must carry one of; empty for any
     * @param parameters           TLS versions and ciphers, or null for Envoy's defaults
     */
    public record DownstreamSsl(
            ResourceRef secretRef,
            List<String> sniDomains,
            boolean oneWayTls,
            List<String> alpnProtocols,
            List<String> verifySubjectAltName,
            SslOptions.Parameters parameters) {
        public DownstreamSsl {
            sniDomains = List.copyOf(sniDomains);
            alpnProtocols = List.copyOf(alpnProtocols);
            verifySubjectAltName = List.copyOf(verifySubjectAltName);
        }
    }

    @Override
    public Kind kind() {
        return Kind.VIRTUAL_SERVICE;
    }

    /**
     * One route: any of its matchers selects the action.
     *
     * @param matchers matchers; empty means prefix {@code /}
     * @param action   where matching requests go
     */
    public record Route(List<Matcher> matchers, RouteAction action) {
        public Route {
            matchers = List.copyOf(matchers);
        }
    }

    /**
     * One {@code matchers[]} entry: exactly one path form plus optional headers and methods.
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

    /**
     * {@code routeAction}: one upstream or weighted upstreams.
     *
     * @param destinations destinations; one entry with weight 0 for {@code single}
     * @param weighted     true for {@code multi}
     */
    public record RouteAction(List<Destination> destinations, boolean weighted) {
        public RouteAction {
            destinations = List.copyOf(destinations);
        }
    }

    /**
     * A destination upstream and its weight (for {@code multi}).
     *
     * @param upstream the upstream
     * @param weight   relative weight, 0 for single destinations
     */
    public record Destination(ResourceRef upstream, int weight) {}
}
