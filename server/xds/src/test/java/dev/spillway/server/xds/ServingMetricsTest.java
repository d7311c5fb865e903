package dev.spillway.server.xds;

import static dev.spillway.server.xds.SotwAdsTest.await;
import static dev.spillway.snapshot.XdsType.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServingMetricsTest {
    private final AdsHarness harness = new AdsHarness();

    @AfterEach
    void close() throws InterruptedException {
        harness.close();
    }

    @Test
    void connectedStreamsAreCountedByGroupAndProtocol() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        harness.sotw(AdsHarness.node("a", AdsHarness.GROUP)).request(CLUSTER).next(CLUSTER);
        harness.sotw(AdsHarness.node("b", AdsHarness.GROUP)).request(CLUSTER).next(CLUSTER);
        harness.delta(AdsHarness.node("c", AdsHarness.GROUP)).subscribe(CLUSTER).next(CLUSTER);

        assertThat(harness.ads.connectedStreams())
                .containsExactly(
                        entry(new StreamKey(AdsHarness.GROUP, AdsService.DELTA), 1),
                        entry(new StreamKey(AdsHarness.GROUP, AdsService.SOTW), 2));
    }

    @Test
    void closedStreamIsNoLongerCounted() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        SotwClient envoy = harness.sotw(AdsHarness.node());
        envoy.request(CLUSTER).next(CLUSTER);

        envoy.close();

        await(() -> harness.ads.connectedStreams().isEmpty());
        assertThat(harness.metrics.streamEvents)
                .containsExactly("opened local/gateway-proxy sotw", "closed local/gateway-proxy sotw");
    }

    @Test
    void pushesTheirBytesAndAcksAreCounted() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        SotwClient envoy = harness.sotw(AdsHarness.node());
        DiscoveryResponse clusters = envoy.request(CLUSTER).next(CLUSTER);

        envoy.ack(clusters);

        await(() -> harness.metrics.acks.get() == 1);
        assertThat(harness.ads.responsesSent()).isEqualTo(1);
        assertThat(harness.ads.bytesSent()).isEqualTo(clusters.getSerializedSize());
        assertThat(harness.metrics.pushes.get()).isEqualTo(1);
        assertThat(harness.metrics.bytes.get()).isEqualTo(clusters.getSerializedSize());
    }
}
