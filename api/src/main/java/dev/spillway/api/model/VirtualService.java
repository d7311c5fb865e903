package dev.spillway.api.model;

import java.util.List;

/**
 * {@code gateway.solo.io/v1 VirtualService}: a virtual host with ordered routes.
 *
 * @param meta    metadata
 * @param domains domains served; {@code *} when none are given
 * @param routes  routes, first match wins
 * @param ssl     {@code spec.sslConfig}: served only by {@code ssl: true} Gateways; null for plaintext
 * @param options {@code spec.virtualHost.options}
 */
public record VirtualService(
        ObjectMeta meta, List<String> domains, List<Route> routes, DownstreamSsl ssl, HostOptions options)
        implements Resource {

    public VirtualService {
        domains = List.copyOf(domains);
        routes = List.copyOf(routes);
        options = options == null ? HostOptions.NONE : options;
    }

    /** A VirtualService without virtual host options. */
    public VirtualService(ObjectMeta meta, List<String> domains, List<Route> routes, DownstreamSsl ssl) {
        this(meta, domains, routes, ssl, HostOptions.NONE);
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

    @Override
    public VirtualService withMeta(ObjectMeta m) {
        return new VirtualService(m, domains, routes, ssl, options);
    }

    /**
     * One route: any of its matchers selects the action. Exactly one of {@code action}, {@code redirect}
     * and {@code directResponse} is set.
     *
     * @param name           {@code name}, empty when not given
     * @param matchers       matchers; empty means prefix {@code /}
     * @param action         where matching requests go, or null
     * @param redirect       {@code redirectAction}, or null
     * @param directResponse {@code directResponseAction}, or null
     * @param options        {@code options}
     */
    public record Route(
            String name,
            List<Matcher> matchers,
            RouteAction action,
            Redirect redirect,
            DirectResponse directResponse,
            RouteOptions options) {
        public Route {
            matchers = List.copyOf(matchers);
            options = options == null ? RouteOptions.NONE : options;
        }

        /** An unnamed route to upstreams, without options. */
        public Route(List<Matcher> matchers, RouteAction action) {
            this("", matchers, action, null, null, RouteOptions.NONE);
        }
    }

    /**
     * {@code virtualHost.options}: what Spillway honours of Gloo's VirtualHostOptions.
     *
     * @param retries the virtual host's retry policy, or null
     * @param headers {@code headerManipulation}, or null
     * @param cors    {@code cors}, or null
     */
    public record HostOptions(
            RouteOptions.Retries retries, RouteOptions.HeaderManipulation headers, RouteOptions.Cors cors) {
        /** A virtual host without options. */
        public static final HostOptions NONE = new HostOptions(null, null, null);
    }

    /**
     * {@code redirectAction}.
     *
     * @param hostRedirect  host to redirect to, empty to keep it
     * @param pathRedirect  path to redirect to, or null
     * @param prefixRewrite prefix the matched prefix becomes, or null
     * @param responseCode  HTTP status: 301, 302, 303, 307 or 308
     * @param httpsRedirect redirect to https
     * @param stripQuery    drop the query string
     */
    public record Redirect(
            String hostRedirect,
            String pathRedirect,
            String prefixRewrite,
            int responseCode,
            boolean httpsRedirect,
            boolean stripQuery) {}

    /**
     * {@code directResponseAction}.
     *
     * @param status HTTP status, 200..599
     * @param body   body, empty for none
     */
    public record DirectResponse(int status, String body) {}

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
