package dev.spillway.translator.xds.acceptance;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.DiscoveryType;
import java.util.List;

/** What Envoy's DNS-resolved cluster types demand of their load assignment. */
final class DnsClusterRules {
    private DnsClusterRules() {}

    static List<Violation> check(Cluster cluster) {
        if (cluster.getType() != DiscoveryType.LOGICAL_DNS) {
            return List.of();
        }
        var endpoints = cluster.getLoadAssignment().getEndpointsList();
        // LogicalDnsCluster::validateLoadAssignment (source/extensions/clusters/logical_dns/logical_dns_cluster.cc):
        // "LOGICAL_DNS clusters must have a single locality_lb_endpoint and a single lb_endpoint".
        if (endpoints.size() != 1 || endpoints.get(0).getLbEndpointsCount() != 1) {
            return List.of(Violation.of(
                    "load_assignment.endpoints",
                    "a LOGICAL_DNS cluster needs exactly one locality with exactly one endpoint",
                    "logical_dns_cluster.cc LogicalDnsCluster::validateLoadAssignment"));
        }
        return List.of();
    }
}
