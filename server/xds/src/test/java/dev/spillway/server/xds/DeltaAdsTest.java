package dev.spillway.server.xds;

import static dev.spillway.server.xds.AdsHarness.GROUP;
import static dev.spillway.server.xds.DeltaClient.names;
import static dev.spillway.snapshot.XdsType.CLUSTER;
import static dev.spillway.snapshot.XdsType.ENDPOINT;
import static dev.spillway.snapshot.XdsType.LISTENER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ProxyGroup;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeltaAdsTest {
    private static final Duration QUIET = Duration.ofMillis(300);

    private final AdsHarness harness = new AdsHarness();

    @AfterEach
    void close() throws InterruptedException {
        harness.close();
    }

    @Test
    void wildcardSubscriptionGetsEveryClusterWithItsVersion() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.2"));
        DeltaClient envoy = harness.delta(AdsHarness.node());

        DeltaDiscoveryResponse clusters = envoy.subscribe(CLUSTER).next(CLUSTER);

        assertThat(names(clusters)).containsExactly("blue", "green");
        assertThat(clusters.getResources(0).getVersion()).isEqualTo(resourceVersion(CLUSTER, "blue"));
        assertThat(clusters.getSystemVersionInfo()).isEqualTo(harness.version(CLUSTER));
    }

    @Test
    void onlyChangedResourcesAreSent() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.2"));
        DeltaClient envoy = harness.delta(AdsHarness.node());
        envoy.ack(envoy.subscribe(ENDPOINT, "blue", "green").next(ENDPOINT));

        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.7"));

        DeltaDiscoveryResponse endpoints = envoy.next(ENDPOINT);
        assertThat(names(endpoints)).containsExactly("green");
        assertThat(endpoints.getRemovedResourcesList()).isEmpty();
    }

    @Test
    void removedClusterComesInRemovedResources() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.2"));
        DeltaClient envoy = harness.delta(AdsHarness.node());
        envoy.ack(envoy.subscribe(CLUSTER).next(CLUSTER));

        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));

        DeltaDiscoveryResponse clusters = envoy.next(CLUSTER);
        assertThat(clusters.getResourcesList()).isEmpty();
        assertThat(clusters.getRemovedResourcesList()).containsExactly("green");
    }

    @Test
    void reconnectSendsOnlyWhatTheClientLacksAndRemovesWhatNoLongerExists() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.2"));
        DeltaClient envoy = harness.delta(AdsHarness.node());

        DeltaDiscoveryResponse clusters = envoy.resume(
                        CLUSTER,
                        Map.of(
                                "blue", resourceVersion(CLUSTER, "blue"),
                                "green", "0123456789abcdef",
                                "gone", resourceVersion(CLUSTER, "blue")))
                .next(CLUSTER);

        assertThat(names(clusters)).containsExactly("green");
        assertThat(clusters.getRemovedResourcesList()).containsExactly("gone");
    }

    @Test
    void reconnectOfAnUpToDateClientGetsAnEmptyAnswer() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        DeltaClient envoy = harness.delta(AdsHarness.node());

        DeltaDiscoveryResponse clusters = envoy.resume(CLUSTER, Map.of("blue", resourceVersion(CLUSTER, "blue")))
                .next(CLUSTER);

        assertThat(clusters.getResourcesList()).isEmpty();
        assertThat(clusters.getRemovedResourcesList()).isEmpty();
        envoy.ack(clusters).expectNothingFor(QUIET);
    }

    @Test
    void endpointsAreSentAgainAfterEveryClusterChange() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        DeltaClient envoy = harness.delta(AdsHarness.node());
        envoy.ack(envoy.subscribe(CLUSTER).next(CLUSTER));
        envoy.ack(envoy.subscribe(ENDPOINT, "blue").next(ENDPOINT));

        harness.publish(XdsConfig.of().upstream("blue", 3, "10.0.0.1"));

        assertThat(names(envoy.next(CLUSTER))).containsExactly("blue");
        assertThat(names(envoy.next(ENDPOINT))).containsExactly("blue");
    }

    @Test
    void subscribedEndpointsTheSnapshotLacksAreAnsweredAsRemovedOnce() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        DeltaClient envoy = harness.delta(AdsHarness.node());

        DeltaDiscoveryResponse endpoints =
                envoy.subscribe(ENDPOINT, "blue", "gone").next(ENDPOINT);
        envoy.ack(endpoints);
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.7"));
        DeltaDiscoveryResponse next = envoy.next(ENDPOINT);

        assertThat(names(endpoints)).containsExactly("blue");
        assertThat(endpoints.getRemovedResourcesList()).containsExactly("gone");
        assertThat(names(next)).containsExactly("blue");
        assertThat(next.getRemovedResourcesList()).isEmpty();
    }

    @Test
    void nackIsRecordedAndTheRejectedResourcesAreNotSentAgain() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        DeltaClient envoy = harness.delta(AdsHarness.node());
        DeltaDiscoveryResponse rejected = envoy.subscribe(CLUSTER).next(CLUSTER);

        envoy.nack(rejected, "bad cluster").expectNothingFor(QUIET);

        NackRecord nack = harness.nacks.current(GROUP, CLUSTER).orElseThrow();
        assertThat(nack.protocol()).isEqualTo(AdsService.DELTA);
        assertThat(nack.version()).isEqualTo(rejected.getSystemVersionInfo());
        assertThat(nack.nonce()).isEqualTo(rejected.getNonce());
        assertThat(nack.resourceNames()).containsExactly("blue");
        assertThat(nack.message()).isEqualTo("bad cluster");
    }

    @Test
    void unknownGroupGetsEmptyClustersAndListenersRightAway() throws InterruptedException {
        DeltaClient stranger =
                harness.delta(AdsHarness.node("stranger-1", new ProxyGroup("elsewhere", "gateway-proxy")));

        DeltaDiscoveryResponse clusters = stranger.subscribe(CLUSTER).next(CLUSTER);
        DeltaDiscoveryResponse listeners = stranger.subscribe(LISTENER).next(LISTENER);

        assertThat(clusters.getResourcesList()).isEmpty();
        assertThat(clusters.getSystemVersionInfo()).isNotEmpty();
        assertThat(listeners.getResourcesList()).isEmpty();
    }

    private String resourceVersion(dev.spillway.snapshot.XdsType type, String name) {
        return harness.store.get(GROUP).of(type).resources().get(name).version();
    }
}
