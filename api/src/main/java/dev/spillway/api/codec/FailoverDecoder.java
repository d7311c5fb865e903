package dev.spillway.api.codec;

import dev.spillway.api.model.Upstream;
import java.util.List;

/**
 * An Upstream's hand-written {@code spec.failover} (gloo.solo.io Failover: prioritized localities of
 * endpoints, each endpoint with its own TLS), as Gloo Edge Enterprise takes it without Federation.
 */
final class FailoverDecoder {
    private FailoverDecoder() {}

    static Upstream.Failover decode(NodeReader failover, String namespace) {
        List<List<Upstream.FailoverLocality>> priorities =
                failover.list("prioritizedLocalities", p -> p.list("localityEndpoints", l -> locality(l, namespace)));
        // Envoy's ClusterLoadAssignment.Policy: overprovisioning_factor > 0 (PGV).
        Integer factor = failover.object("policy", p -> {
            Integer f = p.integerAtLeast("overprovisioningFactor", 1);
            p.notSupportedRest();
            return f;
        });
        failover.notSupportedRest();
        return new Upstream.Failover(priorities, factor);
    }

    private static Upstream.FailoverLocality locality(NodeReader locality, String namespace) {
        String[] where = locality.object("locality", l -> {
            String[] w = {l.string("region"), l.string("zone"), l.string("subZone")};
            l.notSupportedRest();
            return w;
        });
        List<Upstream.FailoverEndpoint> endpoints = locality.list("lbEndpoints", e -> endpoint(e, namespace));
        Integer weight = locality.integerAtLeast("loadBalancingWeight", 1);
        locality.notSupportedRest();
        return where == null
                ? new Upstream.FailoverLocality("", "", "", endpoints, weight)
                : new Upstream.FailoverLocality(where[0], where[1], where[2], endpoints, weight);
    }

    private static Upstream.FailoverEndpoint endpoint(NodeReader endpoint, String namespace) {
        String address = endpoint.requiredString("address");
        int port = endpoint.requiredPort("port");
        String healthCheckHostname = endpoint.object("healthCheckConfig", h -> {
            h.notSupported("portValue", "path", "method");
            String host = h.string("hostname");
            return host.isEmpty() ? null : host;
        });
        Upstream.UpstreamSsl ssl = endpoint.object("upstreamSslConfig", s -> SslDecoder.upstream(s, namespace));
        Integer weight = endpoint.integerAtLeast("loadBalancingWeight", 1);
        endpoint.notSupported("metadata");
        endpoint.notSupportedRest();
        return new Upstream.FailoverEndpoint(address, port, healthCheckHostname, ssl, weight);
    }
}
