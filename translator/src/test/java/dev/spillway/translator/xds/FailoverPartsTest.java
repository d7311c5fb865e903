package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Fixtures.BLUE;
import static dev.spillway.translator.xds.Fixtures.GREEN;
import static dev.spillway.translator.xds.Fixtures.cluster;
import static dev.spillway.translator.xds.Fixtures.group;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.xds.acceptance.EnvoyAcceptance;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.clusters.aggregate.v3.ClusterConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Failover targets that share a gateway address each keep a host of their own, with their own SNI. */
class FailoverPartsTest {
    private static final String CANARY = "default-service-green-canary-10000_gloo-system";
    private static final String EAST = "default-service-blue-10000_gloo-system-east";

    /** Two targets of one group on one remote gateway, then a group on that same gateway again. */
    private static final UpstreamCluster BLUE_WITH_SHARED_GATEWAY = cluster(BLUE)
            .httpHealthCheck("/health")
            .endpoint("10.244.0.7", 10000)
            .failoverTarget(1, "34.1.2.3", 15443, GREEN)
            .failoverTarget(1, "34.1.2.3", 15443, CANARY)
            .failoverTarget(2, "34.1.2.3", 15443, EAST)
            .build();

    @Test
    void everyTargetBehindOneGatewayIsAHostEnvoyKeepsInFailoverOrder() throws InvalidProtocolBufferException {
        XdsResources xds =
                XdsTranslator.translate(group().with(BLUE_WITH_SHARED_GATEWAY).build(), new XdsMemo());

        assertThat(xds.problems()).isEmpty();
        Cluster aggregate = xds.clusters().stream()
                .filter(c -> c.getName().equals(BLUE))
                .findFirst()
                .orElseThrow();
        assertThat(aggregate.getClusterType().getName()).isEqualTo(FailoverParts.AGGREGATE);
        assertThat(aggregate.getLbPolicy()).isEqualTo(Cluster.LbPolicy.CLUSTER_PROVIDED);
        List<String> parts = aggregate
                .getClusterType()
                .getTypedConfig()
                .unpack(ClusterConfig.class)
                .getClustersList();
        assertThat(parts).containsExactly(BLUE + ":0", BLUE + ":1", BLUE + ":2");

        Map<String, Cluster> clusters = xds.clusters().stream().collect(Collectors.toMap(Cluster::getName, c -> c));
        Map<String, ClusterLoadAssignment> assignments =
                xds.endpoints().stream().collect(Collectors.toMap(ClusterLoadAssignment::getClusterName, e -> e));
        List<String> order = new ArrayList<>();
        for (String part : parts) {
            Cluster cluster = clusters.get(part);
            ClusterLoadAssignment cla =
                    assignments.get(cluster.getEdsClusterConfig().getServiceName());
            assertThat(EnvoyAcceptance.check(cla))
                    .as("%s keeps every host", part)
                    .isEmpty();
            assertThat(cluster.getHealthChecksCount())
                    .as("%s is health-checked", part)
                    .isEqualTo(1);
            cla.getEndpointsList().stream()
                    .sorted(Comparator.comparingInt(LocalityLbEndpoints::getPriority))
                    .flatMap(l -> l.getLbEndpointsList().stream())
                    .forEach(e -> order.add(sniOf(cluster, e)));
        }
        assertThat(order).containsExactly("", GREEN, CANARY, EAST);
    }

    @Test
    void aClusterWithoutASharedAddressStaysOneCluster() {
        UpstreamCluster guide = Fixtures.blueWithGreenFailover().build();

        assertThat(FailoverParts.of(guide)).containsExactly(guide);
    }

    /** The SNI the endpoint's transport socket match sends, empty for the cluster's default socket. */
    private static String sniOf(Cluster cluster, LbEndpoint endpoint) {
        var criteria = endpoint.getMetadata().getFilterMetadataMap().get(Endpoints.TRANSPORT_SOCKET_MATCH);
        if (criteria == null) {
            return "";
        }
        String match = criteria.getFieldsOrThrow(Clusters.TRANSPORT_MATCH_KEY).getStringValue();
        return cluster.getTransportSocketMatchesList().stream()
                .filter(m -> m.getName().equals(match))
                .map(m -> {
                    try {
                        return m.getTransportSocket()
                                .getTypedConfig()
                                .unpack(UpstreamTlsContext.class)
                                .getSni();
                    } catch (InvalidProtocolBufferException e) {
                        throw new AssertionError(e);
                    }
                })
                .findFirst()
                .orElseThrow();
    }
}
