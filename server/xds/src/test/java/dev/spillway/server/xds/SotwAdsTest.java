package dev.spillway.server.xds;

import static dev.spillway.server.xds.AdsHarness.GROUP;
import static dev.spillway.server.xds.SotwClient.names;
import static dev.spillway.snapshot.XdsType.CLUSTER;
import static dev.spillway.snapshot.XdsType.ENDPOINT;
import static dev.spillway.snapshot.XdsType.LISTENER;
import static dev.spillway.snapshot.XdsType.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ProxyGroup;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SotwAdsTest {
    private static final Duration QUIET = Duration.ofMillis(300);

    private final AdsHarness harness = new AdsHarness();

    @AfterEach
    void close() throws InterruptedException {
        harness.close();
    }

    @Test
    void envoyLikeInitialFetchGetsClustersEndpointsListenersRoutesInOrder() throws InterruptedException {
        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .listener(8080, "blue"));
        SotwClient envoy = harness.sotw(AdsHarness.node());

        DiscoveryResponse clusters = envoy.request(CLUSTER).next(CLUSTER);
        envoy.ack(clusters)
                .request(
                        ENDPOINT,
                        XdsConfig.edsNames(clusters.getResourcesList()).toArray(String[]::new));
        DiscoveryResponse endpoints = envoy.next(ENDPOINT);
        DiscoveryResponse listeners = envoy.ack(endpoints).request(LISTENER).next(LISTENER);
        envoy.ack(listeners)
                .request(ROUTE, XdsConfig.rdsNames(listeners.getResourcesList()).toArray(String[]::new));
        DiscoveryResponse routes = envoy.next(ROUTE);

        assertThat(names(clusters)).containsExactly("blue", "green");
        assertThat(names(endpoints)).containsExactly("blue", "green");
        assertThat(names(listeners)).containsExactly("listener-::-8080");
        assertThat(names(routes)).containsExactly("listener-::-8080-routes");
        assertThat(Stream.of(clusters, endpoints, listeners, routes).map(DiscoveryResponse::getVersionInfo))
                .containsExactly(
                        harness.version(CLUSTER),
                        harness.version(ENDPOINT),
                        harness.version(LISTENER),
                        harness.version(ROUTE));
    }

    @Test
    void changesArePushedClustersFirstThenEndpointsListenersRoutes() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").listener(8080, "blue"));
        SotwClient envoy = subscribedToEverything(harness.sotw(AdsHarness.node()));

        // A cluster added, blue's hosts moved, a listener added and the subscribed route configuration changed.
        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.9")
                .upstream("green", "10.0.0.2")
                .listener(8080, "green")
                .listener(9090, "blue"));

        assertThat(Stream.of(envoy.next(), envoy.next(), envoy.next(), envoy.next())
                        .map(SotwClient::typeOf))
                .containsExactly(CLUSTER, ENDPOINT, LISTENER, ROUTE);
    }

    @Test
    void clientSendingItsNodeOnlyOnTheFirstRequestGetsEveryType() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").listener(8080, "blue"));
        SotwClient grpc = harness.sotwNodeOnFirstRequestOnly(AdsHarness.node());

        grpc.ack(grpc.request(LISTENER).next(LISTENER)).request(ROUTE, "listener-::-8080-routes");
        grpc.ack(grpc.next(ROUTE)).request(CLUSTER);
        grpc.ack(grpc.next(CLUSTER)).request(ENDPOINT, "blue");

        assertThat(names(grpc.next(ENDPOINT))).containsExactly("blue");
    }

    @Test
    void ackedVersionIsNotSentAgain() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        SotwClient envoy = harness.sotw(AdsHarness.node());

        envoy.ack(envoy.request(CLUSTER).next(CLUSTER));

        envoy.expectNothingFor(QUIET);
    }

    @Test
    void nackIsRecordedWithTheRejectedResponse() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        SotwClient envoy = harness.sotw(AdsHarness.node());
        DiscoveryResponse rejected = envoy.request(CLUSTER).next(CLUSTER);

        envoy.nack(rejected, "Proto constraint validation failed");
        envoy.expectNothingFor(QUIET);

        NackRecord nack = harness.nacks.current(GROUP, CLUSTER).orElseThrow();
        assertThat(nack.nodeId()).isEqualTo("gateway-proxy-1");
        assertThat(nack.protocol()).isEqualTo(AdsService.SOTW);
        assertThat(nack.version()).isEqualTo(rejected.getVersionInfo());
        assertThat(nack.nonce()).isEqualTo(rejected.getNonce());
        assertThat(nack.resourceNames()).containsExactly("blue");
        assertThat(nack.message()).isEqualTo("Proto constraint validation failed");
        assertThat(harness.metrics.nacks).containsExactly(nack);
    }

    @Test
    void nackedVersionIsNotSentAgainEvenWhenTheClientRepeatsItsRequest() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        SotwClient envoy = harness.sotw(AdsHarness.node());
        DiscoveryResponse rejected = envoy.request(CLUSTER).next(CLUSTER);

        envoy.nack(rejected, "bad cluster").request(CLUSTER);

        envoy.expectNothingFor(QUIET);
    }

    @Test
    void newerSnapshotAfterNackIsSentAndItsAckClearsTheNack() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        SotwClient envoy = harness.sotw(AdsHarness.node());
        envoy.nack(envoy.request(CLUSTER).next(CLUSTER), "bad cluster");
        envoy.expectNothingFor(QUIET);

        harness.publish(XdsConfig.of().upstream("blue", 3, "10.0.0.1"));
        DiscoveryResponse fixed = envoy.next(CLUSTER);
        envoy.ack(fixed);

        assertThat(fixed.getVersionInfo()).isEqualTo(harness.version(CLUSTER));
        await(() -> harness.nacks.current().isEmpty());
        assertThat(harness.nacks.history()).hasSize(1);
    }

    @Test
    void removedClusterIsLeftOutOfTheNextResponse() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.2"));
        SotwClient envoy = harness.sotw(AdsHarness.node());
        envoy.ack(envoy.request(CLUSTER).next(CLUSTER));

        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));

        assertThat(names(envoy.next(CLUSTER))).containsExactly("blue");
    }

    @Test
    void endpointsAreSentAgainAfterEveryClusterChange() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        SotwClient envoy = harness.sotw(AdsHarness.node());
        envoy.ack(envoy.request(CLUSTER).next(CLUSTER)).request(ENDPOINT, "blue");
        DiscoveryResponse before = envoy.next(ENDPOINT);
        envoy.ack(before);

        harness.publish(XdsConfig.of().upstream("blue", 3, "10.0.0.1"));
        envoy.ack(envoy.next(CLUSTER));
        DiscoveryResponse after = envoy.next(ENDPOINT);

        assertThat(after.getVersionInfo()).isNotEqualTo(before.getVersionInfo());
        assertThat(after.getResourcesList()).isEqualTo(before.getResourcesList());
    }

    @Test
    void onlyNamedEndpointsAreSentAndAMissingNameOnceEmpty() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.2"));
        SotwClient envoy = harness.sotw(AdsHarness.node());

        DiscoveryResponse endpoints =
                envoy.request(ENDPOINT, "green", "missing").next(ENDPOINT);
        envoy.ack(endpoints);
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.7"));
        DiscoveryResponse next = envoy.next(ENDPOINT);

        assertThat(names(endpoints)).containsExactly("green", "missing");
        assertThat(XdsConfig.unpack(endpoints.getResources(1), ClusterLoadAssignment.class)
                        .getEndpointsCount())
                .isZero();
        assertThat(names(next)).containsExactly("green");
    }

    /** Envoy's SotW mux leaves the watches a response does not name as they are, so the held name is not resent. */
    @Test
    void newSubscriptionGetsTheCurrentVersionForTheNewNamesOnly() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.2"));
        SotwClient envoy = harness.sotw(AdsHarness.node());
        DiscoveryResponse blue = envoy.request(ENDPOINT, "blue").next(ENDPOINT);

        envoy.ack(blue, List.of("blue", "green"));
        DiscoveryResponse added = envoy.next(ENDPOINT);

        assertThat(names(added)).containsExactly("green");
        assertThat(added.getVersionInfo()).isEqualTo(blue.getVersionInfo());
    }

    @Test
    void endpointChangeSendsOnlyTheChangedAssignment() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.2"));
        SotwClient envoy = harness.sotw(AdsHarness.node());
        envoy.ack(envoy.request(ENDPOINT, "blue", "green").next(ENDPOINT));

        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.7"));
        DiscoveryResponse changed = envoy.next(ENDPOINT);

        assertThat(names(changed)).containsExactly("green");
        assertThat(changed.getVersionInfo()).isEqualTo(harness.version(ENDPOINT));
        envoy.ack(changed);
        envoy.expectNothingFor(QUIET);
    }

    /** A name unsubscribed (its cluster removed) and subscribed again (the cluster back) is a new watch in Envoy. */
    @Test
    void nameSubscribedAgainIsSentAgain() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.2"));
        SotwClient envoy = harness.sotw(AdsHarness.node());
        DiscoveryResponse first = envoy.request(ENDPOINT, "blue", "green").next(ENDPOINT);

        envoy.ack(first, List.of("blue"));
        envoy.expectNothingFor(QUIET);
        envoy.ack(first, List.of("blue", "green"));

        assertThat(names(envoy.next(ENDPOINT))).containsExactly("green");
    }

    @Test
    void requestWithStaleNonceIsIgnored() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.2"));
        SotwClient envoy = harness.sotw(AdsHarness.node());
        envoy.ack(envoy.request(ENDPOINT, "blue").next(ENDPOINT));
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.3").upstream("green", "10.0.0.2"));
        DiscoveryResponse unseen = envoy.responses.take();

        // Sent as if the client had not received the latest response yet: its nonce is the previous one.
        envoy.request(ENDPOINT, "blue", "green");

        envoy.expectNothingFor(QUIET);
        assertThat(unseen.getNonce()).isNotEmpty();
    }

    @Test
    void unknownGroupGetsEmptyClustersAndListenersRightAway() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").listener(8080, "blue"));
        SotwClient stranger = harness.sotw(AdsHarness.node("stranger-1", new ProxyGroup("elsewhere", "gateway-proxy")));

        DiscoveryResponse clusters = stranger.request(CLUSTER).next(CLUSTER);
        DiscoveryResponse listeners = stranger.ack(clusters).request(LISTENER).next(LISTENER);

        assertThat(clusters.getResourcesList()).isEmpty();
        assertThat(clusters.getVersionInfo()).isNotEmpty();
        assertThat(listeners.getResourcesList()).isEmpty();
        assertThat(listeners.getVersionInfo()).isNotEmpty();
    }

    /** Subscribes to every type like Envoy and ACKs every first response. */
    static SotwClient subscribedToEverything(SotwClient envoy) throws InterruptedException {
        DiscoveryResponse clusters = envoy.request(CLUSTER).next(CLUSTER);
        envoy.ack(clusters)
                .request(
                        ENDPOINT,
                        XdsConfig.edsNames(clusters.getResourcesList()).toArray(String[]::new));
        envoy.ack(envoy.next(ENDPOINT)).request(LISTENER);
        DiscoveryResponse listeners = envoy.next(LISTENER);
        envoy.ack(listeners)
                .request(ROUTE, XdsConfig.rdsNames(listeners.getResourcesList()).toArray(String[]::new));
        envoy.ack(envoy.next(ROUTE));
        return envoy;
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SotwClient.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
