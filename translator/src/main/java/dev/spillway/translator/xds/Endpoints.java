package dev.spillway.translator.xds;

import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.model.UpstreamCluster.Endpoint;
import dev.spillway.translator.model.UpstreamCluster.Tier;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;

/** The ClusterLoadAssignment of every EDS cluster: its endpoints in priority tiers. */
final class Endpoints {
    /** Metadata namespace Envoy reads to pick a cluster's transport socket match for an endpoint. */
    static final String TRANSPORT_SOCKET_MATCH = "envoy.transport_socket_match";

    private Endpoints() {}

    /** One per cluster, even without endpoints: an EDS cluster without one stays warming for ever. */
    static ClusterLoadAssignment of(UpstreamCluster cluster) {
        return assignment(cluster, Clusters.edsServiceName(cluster));
    }

    /** The endpoints under a name: the EDS service name, or the cluster's own inside a DNS cluster. */
    static ClusterLoadAssignment assignment(UpstreamCluster cluster, String name) {
        ClusterLoadAssignment.Builder b = ClusterLoadAssignment.newBuilder().setClusterName(name);
        cluster.tiers().forEach(tier -> b.addEndpoints(locality(tier)));
        if (cluster.overprovisioningFactor() != null) {
            b.setPolicy(ClusterLoadAssignment.Policy.newBuilder()
                    .setOverprovisioningFactor(Protos.uint32(cluster.overprovisioningFactor())));
        }
        return b.build();
    }

    private static LocalityLbEndpoints locality(Tier tier) {
        LocalityLbEndpoints.Builder b = LocalityLbEndpoints.newBuilder()
                .setLocality(Locality.newBuilder()
                        .setRegion(tier.region())
                        .setZone(tier.zone())
                        .setSubZone(tier.subZone()))
                .setPriority(tier.priority())
                // Envoy weighs localities only with locality_weighted_lb_config, but gRPC's xDS client skips
                // localities without a weight (parseLocalityLbEndpoints in
                // https://github.com/grpc/grpc-java/blob/master/xds/src/main/java/io/grpc/xds/XdsEndpointResource.java)
                .setLoadBalancingWeight(Protos.uint32(tier.weight() == null ? 1 : tier.weight()));
        tier.endpoints().forEach(e -> b.addLbEndpoints(lbEndpoint(e)));
        return b.build();
    }

    private static LbEndpoint lbEndpoint(Endpoint endpoint) {
        io.envoyproxy.envoy.config.endpoint.v3.Endpoint.Builder e =
                io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                        .setAddress(Address.newBuilder()
                                .setSocketAddress(SocketAddress.newBuilder()
                                        .setAddress(endpoint.address())
                                        .setPortValue(endpoint.port())));
        if (endpoint.hostname() != null) {
            e.setHostname(endpoint.hostname());
        }
        if (endpoint.healthCheckHostname() != null) {
            // Overrides the health check's own host (HealthCheckerFactory::getHostname, health_checker_impl.cc):
            // checks to a failover target cross the same TLS hop as traffic.
            e.setHealthCheckConfig(io.envoyproxy.envoy.config.endpoint.v3.Endpoint.HealthCheckConfig.newBuilder()
                    .setHostname(endpoint.healthCheckHostname()));
        }
        LbEndpoint.Builder b = LbEndpoint.newBuilder().setEndpoint(e);
        if (endpoint.weight() != null) {
            b.setLoadBalancingWeight(Protos.uint32(endpoint.weight()));
        }
        if (endpoint.transportMatch() != null) {
            b.setMetadata(Metadata.newBuilder()
                    .putFilterMetadata(
                            TRANSPORT_SOCKET_MATCH, Clusters.transportMatchCriteria(endpoint.transportMatch())));
        }
        return b.build();
    }
}
