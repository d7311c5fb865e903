package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Fixtures.BLUE;
import static dev.spillway.translator.xds.Fixtures.GREEN;
import static dev.spillway.translator.xds.Fixtures.blueWithGreenFailover;
import static dev.spillway.translator.xds.Fixtures.cluster;
import static dev.spillway.translator.xds.Fixtures.group;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UInt32Value;
import dev.spillway.translator.model.UpstreamCluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    @Test
    void everyClusterGetsALoadAssignmentNamedByItsEdsServiceName() {
        var group = group().with(blueWithGreenFailover())
                .with(cluster("empty_gloo-system"))
                .build();

        XdsResources xds = XdsTranslator.translate(group, new XdsMemo());

        assertThat(xds.endpoints())
                .extracting(ClusterLoadAssignment::getClusterName)
                .containsExactlyElementsOf(xds.clusters().stream()
                        .map(c -> c.getEdsClusterConfig().getServiceName())
                        .toList());
    }

    @Test
    void clusterWithoutEndpointsStillGetsOne() {
        UpstreamCluster empty = cluster("empty_gloo-system").build();

        ClusterLoadAssignment cla = Endpoints.of(empty);

        assertThat(cla.getClusterName()).isEqualTo(Clusters.edsServiceName(empty));
        assertThat(cla.getEndpointsList()).singleElement().satisfies(l -> {
            assertThat(l.getPriority()).isZero();
            assertThat(l.getLbEndpointsList()).isEmpty();
        });
    }

    @Test
    void ownEndpointsAreAtPriorityZero() {
        ClusterLoadAssignment cla =
                Endpoints.of(cluster(BLUE).endpoint("10.244.0.7", 10000).build());

        LocalityLbEndpoints local = cla.getEndpoints(0);
        assertThat(local.getPriority()).isZero();
        assertThat(local.getLocality().getSubZone()).isEqualTo("local");
        assertThat(local.getLoadBalancingWeight()).isEqualTo(UInt32Value.of(1));
        LbEndpoint pod = local.getLbEndpoints(0);
        assertThat(pod.getEndpoint().getAddress().getSocketAddress().getAddress())
                .isEqualTo("10.244.0.7");
        assertThat(pod.getEndpoint().getAddress().getSocketAddress().getPortValue())
                .isEqualTo(10000);
        assertThat(pod.getEndpoint().getHostname()).isEmpty();
        assertThat(pod.getEndpoint().hasHealthCheckConfig()).isFalse();
        assertThat(pod.hasMetadata()).isFalse();
    }

    @Test
    void failoverTargetIsAPriorityOneEndpointAtTheRemoteGateway() {
        ClusterLoadAssignment cla = Endpoints.of(blueWithGreenFailover().build());

        LocalityLbEndpoints remote = cla.getEndpoints(1);
        assertThat(remote.getPriority()).isEqualTo(1);
        assertThat(remote.getLoadBalancingWeight()).isEqualTo(UInt32Value.of(1));
        assertThat(remote.getLocality().getRegion()).isEqualTo("us-east1");
        assertThat(remote.getLocality().getZone()).isEqualTo("us-east1-b");
        assertThat(remote.getLocality().getSubZone()).isEqualTo("remote");
        LbEndpoint green = remote.getLbEndpoints(0);
        assertThat(green.getEndpoint().getAddress().getSocketAddress().getAddress())
                .isEqualTo("127.0.0.1");
        assertThat(green.getEndpoint().getAddress().getSocketAddress().getPortValue())
                .isEqualTo(15443);
        assertThat(green.getEndpoint().getHostname()).isEqualTo(GREEN);
        assertThat(green.getEndpoint().getHealthCheckConfig().getHostname()).isEqualTo(GREEN);
    }

    @Test
    void failoverEndpointMetadataSelectsTheClustersTransportSocketMatch() {
        UpstreamCluster blue = blueWithGreenFailover().build();
        Cluster cluster = Clusters.of(blue);

        LbEndpoint green = Endpoints.of(blue).getEndpoints(1).getLbEndpoints(0);

        assertThat(green.getMetadata().getFilterMetadataMap()).containsOnlyKeys("envoy.transport_socket_match");
        assertThat(green.getMetadata().getFilterMetadataOrThrow("envoy.transport_socket_match"))
                .isEqualTo(cluster.getTransportSocketMatches(0).getMatch());
    }

    @Test
    void overprovisioningFactorIsThePolicys() {
        ClusterLoadAssignment with =
                Endpoints.of(cluster(BLUE).overprovisioningFactor(140).build());
        ClusterLoadAssignment without = Endpoints.of(cluster(BLUE).build());

        assertThat(with.getPolicy().getOverprovisioningFactor()).isEqualTo(UInt32Value.of(140));
        assertThat(without.hasPolicy()).isFalse();
    }
}
