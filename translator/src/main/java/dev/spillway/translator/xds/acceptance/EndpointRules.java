package dev.spillway.translator.xds.acceptance;

import dev.spillway.translator.model.IpLiterals;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What Envoy's EDS cluster does with the endpoints of a ClusterLoadAssignment. */
final class EndpointRules {
    private EndpointRules() {}

    static List<Violation> check(ClusterLoadAssignment cla) {
        List<Violation> violations = new ArrayList<>();
        Map<String, String> firstAt = new HashMap<>();
        for (int i = 0; i < cla.getEndpointsCount(); i++) {
            var locality = cla.getEndpoints(i);
            for (int j = 0; j < locality.getLbEndpointsCount(); j++) {
                LbEndpoint lb = locality.getLbEndpoints(j);
                String path = "endpoints[" + i + "].lb_endpoints[" + j + "].endpoint.address.socket_address";
                SocketAddress socket = lb.getEndpoint().getAddress().getSocketAddress();
                // EdsClusterImpl::BatchUpdateHelper::updateLocalityEndpoints resolves each address with
                // resolveProtoAddress, which takes IP literals only ("malformed IP address") and fails the
                // whole update: EDS never resolves a hostname.
                if (!IpLiterals.isIp(socket.getAddress())) {
                    violations.add(Violation.of(
                            path + ".address",
                            socket.getAddress() + " is not an IP address: EDS endpoints are never resolved by DNS",
                            "eds.cc EdsClusterImpl::BatchUpdateHelper::updateLocalityEndpoints"));
                    continue;
                }
                // The same function keeps the first host per address across all priorities ("When the
                // configuration contains duplicate hosts, only the first one will be retained"): a second
                // target behind the same address would silently never get traffic.
                String key = socket.getAddress().toLowerCase(Locale.ROOT) + ":" + socket.getPortValue();
                String first = firstAt.putIfAbsent(key, "endpoints[" + i + "].lb_endpoints[" + j + "]");
                if (first != null) {
                    violations.add(Violation.of(
                            path,
                            key + " is already " + first
                                    + ": Envoy keeps only the first endpoint per address and drops this one",
                            "eds.cc EdsClusterImpl::BatchUpdateHelper::updateLocalityEndpoints"));
                }
            }
        }
        return violations;
    }
}
