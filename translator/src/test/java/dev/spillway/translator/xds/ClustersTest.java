package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Fixtures.BLUE;
import static dev.spillway.translator.xds.Fixtures.FAILOVER_UPSTREAM_SECRET;
import static dev.spillway.translator.xds.Fixtures.GREEN;
import static dev.spillway.translator.xds.Fixtures.blueWithGreenFailover;
import static dev.spillway.translator.xds.Fixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UInt32Value;
import dev.spillway.translator.model.HealthCheck;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.model.UpstreamCluster.OutlierDetection;
import dev.spillway.translator.model.UpstreamCluster.UpstreamTls;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.DiscoveryType;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.HealthCheck.HealthCheckerCase;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClustersTest {

    @Test
    void blueIsAnEdsClusterOverAdsWithTheGuidesHealthCheck() {
        Cluster blue = Clusters.of(cluster(BLUE)
                .httpHealthCheck("/health")
                .endpoint("10.244.0.7", 10000)
                .build());

        assertThat(blue.getName()).isEqualTo(BLUE);
        assertThat(blue.getType()).isEqualTo(DiscoveryType.EDS);
        assertAds(blue.getEdsClusterConfig().getEdsConfig());
        assertThat(blue.getEdsClusterConfig().getServiceName()).matches(BLUE + "-[0-9a-f]{8}");
        assertThat(blue.getConnectTimeout().getSeconds()).isEqualTo(5);
        assertThat(blue.getHealthChecksList()).singleElement().satisfies(hc -> {
            assertThat(hc.getTimeout().getSeconds()).isEqualTo(1);
            assertThat(hc.getInterval().getSeconds()).isEqualTo(1);
            assertThat(hc.getUnhealthyThreshold()).isEqualTo(UInt32Value.of(1));
            assertThat(hc.getHealthyThreshold()).isEqualTo(UInt32Value.of(1));
            assertThat(hc.getHttpHealthCheck().getPath()).isEqualTo("/health");
        });
        assertThat(blue.hasTransportSocket()).isFalse();
    }

    @Test
    void failoverTargetHasATransportSocketMatchWithTheTargetsSniAndTheClientCertFromSds()
            throws InvalidProtocolBufferException {
        Cluster blue = Clusters.of(blueWithGreenFailover().build());

        assertThat(blue.getTransportSocketMatchesList()).singleElement().satisfies(match -> {
            assertThat(match.getName()).isEqualTo("127.0.0.1_15443_p1_idx0");
            assertThat(match.getMatch()).isEqualTo(Clusters.transportMatchCriteria("127.0.0.1_15443_p1_idx0"));
            assertThat(match.getTransportSocket().getName()).isEqualTo("envoy.transport_sockets.tls");
            UpstreamTlsContext tls = match.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
            assertThat(tls.getSni()).isEqualTo(GREEN);
            SdsSecretConfig cert = tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigs(0);
            assertThat(cert.getName()).isEqualTo(FAILOVER_UPSTREAM_SECRET);
            assertAds(cert.getSdsConfig());
            assertThat(tls.getCommonTlsContext().hasValidationContextSdsSecretConfig())
                    .isFalse();
        });
        assertThat(blue.getTransportSocketMatches(0).getMatch().getFieldsMap()).containsOnlyKeys("name");
    }

    @Test
    void edsNameIsStableForTheSameCluster() {
        assertThat(Clusters.edsServiceName(blueWithGreenFailover().build()))
                .isEqualTo(Clusters.edsServiceName(blueWithGreenFailover().build()));
    }

    @Test
    void edsNameChangesWhenTheClusterChanges() {
        String before =
                Clusters.edsServiceName(cluster(BLUE).httpHealthCheck("/health").build());

        assertThat(Clusters.edsServiceName(
                        cluster(BLUE).httpHealthCheck("/healthz").build()))
                .isNotEqualTo(before);
        assertThat(Clusters.edsServiceName(cluster(BLUE)
                        .httpHealthCheck("/health")
                        .connectTimeout(Duration.ofSeconds(2))
                        .build()))
                .isNotEqualTo(before);
        assertThat(Clusters.edsServiceName(cluster(BLUE)
                        .httpHealthCheck("/health")
                        .failoverTarget(1, "127.0.0.1", 15443, GREEN)
                        .build()))
                .isNotEqualTo(before);
    }

    @Test
    void edsNameIgnoresEndpointsAndThePolicy() {
        String before =
                Clusters.edsServiceName(cluster(BLUE).httpHealthCheck("/health").build());

        assertThat(Clusters.edsServiceName(cluster(BLUE)
                        .httpHealthCheck("/health")
                        .endpoint("10.0.0.9", 8080)
                        .overprovisioningFactor(140)
                        .build()))
                .isEqualTo(before);
    }

    @Test
    void overprovisioningFactorBelongsToTheEndpointsNotTheCluster() {
        UpstreamCluster with = cluster(BLUE)
                .httpHealthCheck("/health")
                .overprovisioningFactor(140)
                .build();
        UpstreamCluster without = cluster(BLUE).httpHealthCheck("/health").build();

        assertThat(Clusters.of(with)).isEqualTo(Clusters.of(without));
    }

    @Test
    void upstreamTlsIsTheClusterTransportSocket() throws InvalidProtocolBufferException {
        Cluster cluster = Clusters.of(cluster("secure_gloo-system")
                .tls(new UpstreamTls("api.example.com", "gloo-system_client", "gloo-system_client-cacert"))
                .build());

        UpstreamTlsContext tls = cluster.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
        assertThat(cluster.getTransportSocket().getName()).isEqualTo("envoy.transport_sockets.tls");
        assertThat(tls.getSni()).isEqualTo("api.example.com");
        assertThat(tls.getCommonTlsContext()
                        .getTlsCertificateSdsSecretConfigs(0)
                        .getName())
                .isEqualTo("gloo-system_client");
        assertThat(tls.getCommonTlsContext()
                        .getValidationContextSdsSecretConfig()
                        .getName())
                .isEqualTo("gloo-system_client-cacert");
        assertAds(
                tls.getCommonTlsContext().getValidationContextSdsSecretConfig().getSdsConfig());
    }

    @Test
    void plainTlsWithoutCertificatesHasAnEmptyContext() throws InvalidProtocolBufferException {
        Cluster cluster = Clusters.of(cluster("static_gloo-system")
                .tls(new UpstreamTls("", null, null))
                .build());

        UpstreamTlsContext tls = cluster.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
        assertThat(tls)
                .isEqualTo(
                        UpstreamTlsContext.newBuilder()
                                .setCommonTlsContext(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3
                                        .CommonTlsContext.getDefaultInstance())
                                .build());
    }

    @Test
    void outlierDetectionMapsItsSetFieldsOnly() {
        Cluster cluster = Clusters.of(cluster(BLUE)
                .outlierDetection(new OutlierDetection(3, Duration.ofSeconds(10), null, 50))
                .build());

        assertThat(cluster.getOutlierDetection().getConsecutive5Xx()).isEqualTo(UInt32Value.of(3));
        assertThat(cluster.getOutlierDetection().getInterval().getSeconds()).isEqualTo(10);
        assertThat(cluster.getOutlierDetection().hasBaseEjectionTime()).isFalse();
        assertThat(cluster.getOutlierDetection().getMaxEjectionPercent()).isEqualTo(UInt32Value.of(50));
    }

    @Test
    void healthChecksMapFieldForField() {
        HealthCheck tcp = new HealthCheck(
                Duration.ofMillis(250),
                Duration.ofSeconds(2),
                3,
                2,
                Duration.ofMillis(100),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                Duration.ofSeconds(6),
                null,
                new HealthCheck.Tcp("000000FF", List.of("0A")),
                null);
        HealthCheck grpc = new HealthCheck(
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                1,
                1,
                null,
                null,
                null,
                null,
                null,
                null,
                new HealthCheck.Grpc("colors.Blue", "blue.internal"));
        HealthCheck http = new HealthCheck(
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                1,
                1,
                null,
                null,
                null,
                null,
                new HealthCheck.Http("/health", "blue.internal", List.of(new HealthCheck.StatusRange(200, 300))),
                null,
                null);

        List<io.envoyproxy.envoy.config.core.v3.HealthCheck> checks = HealthChecks.of(List.of(tcp, grpc, http));

        var t = checks.get(0);
        assertThat(t.getTimeout().getNanos()).isEqualTo(250_000_000);
        assertThat(t.getUnhealthyThreshold().getValue()).isEqualTo(3);
        assertThat(t.getHealthyThreshold().getValue()).isEqualTo(2);
        assertThat(t.getIntervalJitter().getNanos()).isEqualTo(100_000_000);
        assertThat(t.getNoTrafficInterval().getSeconds()).isEqualTo(60);
        assertThat(t.getUnhealthyEdgeInterval().getSeconds()).isEqualTo(5);
        assertThat(t.getHealthyEdgeInterval().getSeconds()).isEqualTo(6);
        assertThat(t.getTcpHealthCheck().getSend().getText()).isEqualTo("000000FF");
        assertThat(t.getTcpHealthCheck().getReceive(0).getText()).isEqualTo("0A");
        assertThat(checks.get(1).getGrpcHealthCheck().getServiceName()).isEqualTo("colors.Blue");
        assertThat(checks.get(1).getGrpcHealthCheck().getAuthority()).isEqualTo("blue.internal");
        assertThat(checks.get(2).getHttpHealthCheck().getHost()).isEqualTo("blue.internal");
        assertThat(checks.get(2).getHttpHealthCheck().getExpectedStatuses(0).getStart())
                .isEqualTo(200);
        assertThat(checks.get(2).getHttpHealthCheck().getExpectedStatuses(0).getEnd())
                .isEqualTo(300);
    }

    @Test
    void connectOnlyTcpCheckSendsNothing() {
        HealthCheck connectOnly = new HealthCheck(
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                1,
                1,
                null,
                null,
                null,
                null,
                null,
                new HealthCheck.Tcp("", List.of()),
                null);

        var check = HealthChecks.of(connectOnly);

        assertThat(check.getHealthCheckerCase()).isEqualTo(HealthCheckerCase.TCP_HEALTH_CHECK);
        assertThat(check.getTcpHealthCheck().hasSend()).isFalse();
    }

    static void assertAds(ConfigSource source) {
        assertThat(source.hasAds()).isTrue();
        assertThat(source.getResourceApiVersion()).isEqualTo(ApiVersion.V3);
    }

    @Test
    void anHttp2ClusterCarriesExplicitHttp2ProtocolOptions() throws InvalidProtocolBufferException {
        Cluster h2 = Clusters.of(cluster(BLUE)
                .protocol(UpstreamCluster.Protocol.HTTP2)
                .endpoint("10.0.0.1", 9000)
                .build());
        Cluster h1 = Clusters.of(cluster(BLUE).endpoint("10.0.0.1", 9000).build());

        var options = h2.getTypedExtensionProtocolOptionsOrThrow(Clusters.HTTP_PROTOCOL_OPTIONS)
                .unpack(io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.class);
        assertThat(options.getExplicitHttpConfig().hasHttp2ProtocolOptions()).isTrue();
        assertThat(h1.getTypedExtensionProtocolOptionsMap()).isEmpty();
    }

    @Test
    void namedHostsMakeADnsClusterWithItsEndpointsInside() {
        Cluster strict = Clusters.of(cluster(BLUE)
                .discovery(UpstreamCluster.Discovery.STRICT_DNS)
                .endpoint("a.example.com", 80)
                .endpoint("10.0.0.1", 80)
                .build());

        assertThat(strict.getType()).isEqualTo(DiscoveryType.STRICT_DNS);
        assertThat(strict.hasEdsClusterConfig()).isFalse();
        assertThat(strict.getLoadAssignment().getClusterName()).isEqualTo(BLUE);
        assertThat(strict.getLoadAssignment().getEndpoints(0).getLbEndpointsList())
                .extracting(e -> e.getEndpoint().getAddress().getSocketAddress().getAddress())
                .containsExactly("a.example.com", "10.0.0.1");
    }
}
