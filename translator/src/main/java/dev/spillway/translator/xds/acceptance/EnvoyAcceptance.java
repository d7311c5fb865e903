package dev.spillway.translator.xds.acceptance;

import com.google.protobuf.MessageOrBuilder;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Envoy's acceptance rules beyond PGV: what Envoy's C++ code rejects, or serves other than written, in a
 * resource that passes the field rules. Each rule cites the Envoy function that enforces it.
 */
public final class EnvoyAcceptance {
    private EnvoyAcceptance() {}

    /** The rules a single resource breaks on its own. */
    public static List<Violation> check(MessageOrBuilder resource) {
        List<Violation> violations = new ArrayList<>();
        if (resource instanceof Cluster c) {
            violations.addAll(HealthCheckRules.check(c));
            violations.addAll(DnsClusterRules.check(c));
        } else if (resource instanceof ClusterLoadAssignment cla) {
            violations.addAll(EndpointRules.check(cla));
        } else if (resource instanceof Listener l) {
            violations.addAll(ListenerRules.check(l));
            violations.addAll(HttpFilterRules.check(l));
        } else if (resource instanceof VirtualHost v) {
            violations.addAll(RouteRules.check(v));
        }
        violations.addAll(RegexRules.check(resource));
        return violations;
    }

    /** Domains of a virtual host that clash with those already accepted into its route configuration. */
    public static List<Violation> domainClashes(List<VirtualHost> accepted, VirtualHost candidate, String routeConfig) {
        return DomainRules.clashes(accepted, candidate, routeConfig);
    }

    /** Routes of a virtual host that name a cluster not among those served. */
    public static List<Violation> routeReferences(VirtualHost host, Set<String> clusters) {
        return ReferenceRules.routes(host, clusters);
    }

    /** TCP proxies of a filter chain that name a cluster not among those served. */
    public static List<Violation> tcpProxyReferences(FilterChain chain, Set<String> clusters) {
        return ReferenceRules.tcpProxy(chain, clusters);
    }

    /** Secret names given to more than one secret. */
    public static List<Violation> secretNames(List<Secret> secrets) {
        return SecretRules.duplicates(secrets);
    }
}
