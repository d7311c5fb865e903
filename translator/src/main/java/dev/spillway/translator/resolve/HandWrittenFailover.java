package dev.spillway.translator.resolve;

import dev.spillway.api.model.Upstream;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.UpstreamCluster.Endpoint;
import dev.spillway.translator.model.UpstreamCluster.Tier;
import dev.spillway.translator.model.UpstreamCluster.TransportMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * An Upstream's own {@code spec.failover} as the priorities a FailoverScheme would give it: prioritized
 * locality i becomes priority i+1 after the Upstream's own endpoints, each locality keeps its weight, and
 * an endpoint with its own {@code upstreamSslConfig} gets it through a transport socket match, as the
 * scheme's gateway endpoints do (Envoy picks the match from the endpoint's
 * {@code envoy.transport_socket_match} metadata: ClusterInfoImpl's TransportSocketMatcherImpl::resolve,
 * source/common/upstream/transport_socket_match_impl.cc). Endpoints without one use the Upstream's TLS.
 */
final class HandWrittenFailover {
    private HandWrittenFailover() {}

    /** Rejects the Upstream when an endpoint's TLS names a Secret it cannot use. */
    static void check(Upstream upstream, ClusterResources cluster, StatusBook book) {
        forEachEndpoint(upstream, (field, priority, index, endpoint) -> {
            if (endpoint.ssl() != null) {
                UpstreamTlsResolver.check(upstream, endpoint.ssl(), field + ".upstreamSslConfig", cluster, book);
            }
        });
        if (!upstream.failover().priorities().isEmpty() && !upstream.detectsFailure()) {
            book.warning(
                    upstream.key(),
                    "spec.failover",
                    "has no effect until the Upstream has health checks or outlier detection: Envoy moves traffic "
                            + "to a lower priority only when it sees hosts fail");
        }
    }

    /** The Upstream's failover tiers and their TLS. */
    static FailoverPlan plan(Upstream upstream, ClusterResources cluster) {
        List<Tier> tiers = new ArrayList<>();
        List<TransportMatch> matches = new ArrayList<>();
        List<SdsSecret> secrets = new ArrayList<>();
        List<List<Upstream.FailoverLocality>> priorities = upstream.failover().priorities();
        for (int i = 0; i < priorities.size(); i++) {
            int priority = i + 1;
            int index = 0;
            for (Upstream.FailoverLocality locality : priorities.get(i)) {
                List<Endpoint> endpoints = new ArrayList<>();
                for (Upstream.FailoverEndpoint e : locality.endpoints()) {
                    String match = null;
                    if (e.ssl() != null) {
                        match = Names.transportMatch(e.address(), e.port(), priority, index);
                        matches.add(new TransportMatch(match, UpstreamTlsResolver.of(e.ssl(), cluster, secrets)));
                    }
                    endpoints.add(
                            new Endpoint(e.address(), e.port(), null, match, e.healthCheckHostname(), e.weight()));
                    index++;
                }
                tiers.add(new Tier(
                        priority,
                        locality.region(),
                        locality.zone(),
                        locality.subZone(),
                        endpoints,
                        locality.weight(),
                        null));
            }
        }
        FailoverThresholds.Resolved thresholds = new FailoverThresholds.Resolved(
                upstream.failover().overprovisioningFactor(), new TreeMap<>(), null, null, List.of());
        return new FailoverPlan(tiers, matches, secrets.stream().distinct().toList(), thresholds);
    }

    private interface EndpointVisitor {
        void visit(String field, int priority, int index, Upstream.FailoverEndpoint endpoint);
    }

    private static void forEachEndpoint(Upstream upstream, EndpointVisitor visitor) {
        List<List<Upstream.FailoverLocality>> priorities = upstream.failover().priorities();
        for (int i = 0; i < priorities.size(); i++) {
            for (int k = 0; k < priorities.get(i).size(); k++) {
                List<Upstream.FailoverEndpoint> endpoints =
                        priorities.get(i).get(k).endpoints();
                for (int m = 0; m < endpoints.size(); m++) {
                    visitor.visit(
                            "spec.failover.prioritizedLocalities[" + i + "].localityEndpoints[" + k + "].lbEndpoints["
                                    + m + "]",
                            i + 1,
                            m,
                            endpoints.get(m));
                }
            }
        }
    }
}
