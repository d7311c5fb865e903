package dev.spillway.server.xds;

import static dev.spillway.snapshot.XdsType.CLUSTER;
import static dev.spillway.snapshot.XdsType.LISTENER;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import dev.spillway.server.xds.envoy.EnvoyOptions;
import dev.spillway.server.xds.envoy.EnvoyProxy;
import dev.spillway.server.xds.envoy.EnvoyResources;
import dev.spillway.server.xds.envoy.ProxyState;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Serving as an Envoy proxy sees it: every scenario ends with the proxy holding the published config, every
 * cluster with its endpoints and every listener with its routes, and no wait reaching Envoy's 15 s
 * {@code initial_fetch_timeout} (which fails the test). Run over SotW and delta by the subclasses.
 */
abstract class EnvoyServingTest {
    private static final Set<String> FEDERATION = Set.of("local");

    private final String serverName = InProcessServerBuilder.generateName();
    private AdsHarness harness = new AdsHarness(FEDERATION, serverName);
    private final ManagedChannel channel =
            InProcessChannelBuilder.forName(serverName).directExecutor().build();
    private EnvoyProxy envoy;

    abstract EnvoyOptions options();

    @AfterEach
    void close() throws InterruptedException {
        try {
            if (envoy != null) {
                envoy.close();
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            harness.close();
        }
    }

    @Test
    void coldStartGetsClustersWithEndpointsThenListenersWithRoutes() {
        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .listener(8080, "blue"));

        ProxyState state = start(options())
                .awaitSettled("the published config", s -> s.listeners().size() == 1);

        assertThat(state.clusters()).containsOnlyKeys("blue", "green");
        assertThat(state.endpoints("blue")).containsExactly("10.0.0.1:10000");
        assertThat(state.endpoints("green")).containsExactly("10.0.0.2:10000");
        assertThat(state.listeners()).containsOnlyKeys("listener-::-8080");
        assertThat(routedCluster(state.routes().get("listener-::-8080-routes"))).isEqualTo("blue");
    }

    @Test
    void coldStartWithTheNodeOnEveryRequest() {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").listener(8080, "blue"));

        ProxyState state = start(options().withNodeOnEveryRequest(true))
                .awaitSettled("the published config", s -> s.listeners().size() == 1);

        assertThat(state.endpoints("blue")).containsExactly("10.0.0.1:10000");
    }

    @Test
    void changedClusterIsReplacedOnceItsEndpointsArrive() {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").listener(8080, "blue"));
        start(options()).awaitSettled("the first config", s -> s.listeners().size() == 1);
        int warmups = envoy.state().clusterWarmups();

        harness.publish(
                XdsConfig.of().upstream("blue", 3, "10.0.0.1", "10.0.0.9").listener(8080, "blue"));

        ProxyState state = envoy.awaitSettled("blue changed", s -> connectTimeoutSeconds(s, "blue") == 3);
        assertThat(state.endpoints("blue")).containsExactly("10.0.0.1:10000", "10.0.0.9:10000");
        assertThat(state.clusterWarmups()).as("blue was re-created and warmed").isEqualTo(warmups + 1);
    }

    /**
     * The second change lands while the proxy still processes the first: the server has a newer CDS version
     * while the proxy holds its CDS ACK until the first change's clusters get their endpoints.
     */
    @Test
    void twoClusterChangesWithinTheProcessingDelayLeaveNoClusterWithoutEndpoints() {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").listener(8080, "blue"));
        start(options()).awaitSettled("the first config", s -> s.listeners().size() == 1);

        envoy.whileProcessingNext(
                CLUSTER,
                () -> harness.publish(XdsConfig.of()
                        .upstream("blue", 4, "10.0.0.4")
                        .upstream("green", "10.0.0.2")
                        .listener(8080, "blue")));
        harness.publish(XdsConfig.of()
                .upstream("blue", 3, "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .listener(8080, "blue"));

        ProxyState state = envoy.awaitSettled("the second change", s -> connectTimeoutSeconds(s, "blue") == 4);
        assertThat(state.clusters()).containsOnlyKeys("blue", "green");
        assertThat(state.endpoints("blue")).containsExactly("10.0.0.4:10000");
        assertThat(state.endpoints("green")).containsExactly("10.0.0.2:10000");
    }

    /** The second change removes a cluster the first added, while the proxy still waits for its endpoints. */
    @Test
    void clusterRemovedWhileItWarmsDoesNotHoldTheNextChange() {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").listener(8080, "blue"));
        start(options()).awaitSettled("the first config", s -> s.listeners().size() == 1);

        envoy.whileProcessingNext(
                CLUSTER,
                () -> harness.publish(
                        XdsConfig.of().upstream("blue", 4, "10.0.0.4").listener(8080, "blue")));
        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .listener(8080, "blue"));

        ProxyState state = envoy.awaitSettled("the second change", s -> connectTimeoutSeconds(s, "blue") == 4);
        assertThat(state.clusters()).containsOnlyKeys("blue");
        assertThat(state.endpoints("blue")).containsExactly("10.0.0.4:10000");
    }

    /**
     * Likewise for listeners: a listener warms until its new route config arrives, and the proxy holds its LDS
     * ACK meanwhile while the server has a newer LDS version.
     */
    @Test
    void twoListenerChangesWithNewRouteConfigsWithinTheProcessingDelay() {
        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .listener(8080, "blue"));
        start(options()).awaitSettled("the first config", s -> s.listeners().size() == 1);

        envoy.whileProcessingNext(
                LISTENER,
                () -> harness.publish(XdsConfig.of()
                        .upstream("blue", "10.0.0.1")
                        .upstream("green", "10.0.0.2")
                        .listener(8080, "routes-v2", "green")
                        .listener(9090, "blue")));
        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .listener(8080, "routes-v2", "green"));

        ProxyState state = envoy.awaitSettled(
                "the second listener change", s -> s.listeners().size() == 2);
        assertThat(state.listeners()).containsOnlyKeys("listener-::-8080", "listener-::-9090");
        assertThat(state.routes()).containsOnlyKeys("routes-v2", "listener-::-9090-routes");
        assertThat(routedCluster(state.routes().get("routes-v2"))).isEqualTo("green");
        assertThat(routedCluster(state.routes().get("listener-::-9090-routes"))).isEqualTo("blue");
    }

    /**
     * The second change drops the route config the first introduced, while the proxy warms the listener on it:
     * the listener must still end up on the newest route config, although the route config it waited for never
     * comes. The proxy holds its LDS ACK meanwhile (stricter than Envoy), so the newer listener must come anyway and
     * replace the warming one ({@code ListenerManagerImpl::addOrUpdateListener}).
     */
    @Test
    void routeConfigRemovedWhileItsListenerWarmsDoesNotHoldTheNextChange() {
        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .listener(8080, "blue"));
        start(options().withHoldLdsAckWhileWarming(false))
                .awaitSettled("the first config", s -> s.listeners().size() == 1);

        envoy.whileProcessingNext(
                LISTENER,
                () -> harness.publish(XdsConfig.of()
                        .upstream("blue", "10.0.0.1")
                        .upstream("green", "10.0.0.2")
                        .listener(8080, "routes-v3", "green")));
        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .listener(8080, "routes-v2", "blue"));

        ProxyState state = envoy.awaitSettled(
                "the listener on routes-v3",
                s -> s.listeners().containsKey("listener-::-8080")
                        && EnvoyResources.routeNames(s.listeners().get("listener-::-8080"))
                                .equals(Set.of("routes-v3")));
        assertThat(state.listeners()).containsOnlyKeys("listener-::-8080");
        assertThat(state.routes()).doesNotContainKey("routes-v2");
        assertThat(routedCluster(state.routes().get("routes-v3"))).isEqualTo("green");
    }

    /**
     * The second change drops the secret a changed cluster of the first change refers to, while that cluster
     * warms on it (Envoy holds its CDS ACK meanwhile): the cluster must still end up with the newest secret.
     */
    @Test
    void secretRemovedWhileItsClusterWarmsDoesNotHoldTheNextChange() {
        harness.publish(XdsConfig.of()
                .tlsUpstream("blue", "blue-ca", "10.0.0.1")
                .caSecret("blue-ca", "fake CA one")
                .listener(8080, "blue"));
        start(options()).awaitSettled("the first config", s -> s.listeners().size() == 1);

        envoy.whileProcessingNext(
                CLUSTER,
                () -> harness.publish(XdsConfig.of()
                        .tlsUpstream("blue", "blue-ca-3", "10.0.0.1")
                        .caSecret("blue-ca-3", "fake CA three")
                        .listener(8080, "blue")));
        harness.publish(XdsConfig.of()
                .tlsUpstream("blue", "blue-ca-2", "10.0.0.1")
                .caSecret("blue-ca-2", "fake CA two")
                .listener(8080, "blue"));

        ProxyState state = envoy.awaitSettled(
                "blue on blue-ca-3",
                s -> s.clusters().containsKey("blue")
                        && EnvoyResources.secretNames(s.clusters().get("blue")).equals(Set.of("blue-ca-3")));
        assertThat(trustedCa(state, "blue-ca-3")).isEqualTo("fake CA three");
        assertThat(state.clusters()).containsOnlyKeys("blue");
        assertThat(state.secrets()).doesNotContainKey("blue-ca-2");
        assertThat(state.endpoints("blue")).containsExactly("10.0.0.1:10000");
    }

    @Test
    void removedClusterIsDroppedWithItsEndpoints() {
        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .listener(8080, "blue"));
        start(options())
                .awaitSettled(
                        "the first config",
                        s -> s.clusters().size() == 2 && s.listeners().size() == 1);

        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").listener(8080, "blue"));

        ProxyState state =
                envoy.awaitSettled("green removed", s -> s.clusters().keySet().equals(Set.of("blue")));
        assertThat(state.assignments()).containsOnlyKeys("blue");
        assertThat(state.endpoints("blue")).containsExactly("10.0.0.1:10000");
    }

    /**
     * Endpoint changes one at a time, each answered with only the changed assignment (SotW) or resource (delta): the
     * proxy ends with every cluster's current hosts, and no unchanged cluster was re-created.
     */
    @Test
    void manyPartialPushesLeaveEveryClusterWithItsCurrentEndpoints() {
        String[] hosts = new String[12];
        for (int i = 0; i < hosts.length; i++) {
            hosts[i] = "10.0.0." + (i + 1);
        }
        harness.publish(upstreams(hosts));
        start(options()).awaitSettled("the first config", s -> s.clusters().size() == hosts.length);
        int warmups = envoy.state().clusterWarmups();

        for (int k = 0; k < 30; k++) {
            int moved = (k * 5) % hosts.length;
            hosts[moved] = "10.1." + k + "." + (moved + 1);
            harness.publish(upstreams(hosts));
            String cluster = "u" + moved;
            String host = hosts[moved] + ":10000";
            envoy.await(cluster + " on " + host, s -> s.endpoints(cluster).equals(List.of(host)));
        }

        ProxyState state = envoy.awaitSettled("the last change", s -> true);
        for (int i = 0; i < hosts.length; i++) {
            assertThat(state.endpoints("u" + i)).as("u" + i).containsExactly(hosts[i] + ":10000");
        }
        assertThat(state.clusterWarmups()).as("no cluster re-created").isEqualTo(warmups);
    }

    /**
     * One change removes a cluster, re-defines another under the same EDS service name (so Envoy re-creates it and
     * it warms until its unchanged assignment comes again) and moves a third one's host.
     */
    @Test
    void removedClusterLosesItsAssignmentAndChangedClusterGetsItsEndpoints() {
        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .upstream("red", "10.0.0.3")
                .listener(8080, "blue"));
        start(options()).awaitSettled("the first config", s -> s.clusters().size() == 3);
        int warmups = envoy.state().clusterWarmups();

        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.9")
                .upstream("red", 3, "10.0.0.3")
                .listener(8080, "blue"));

        ProxyState state = envoy.awaitSettled(
                "green removed, red changed, blue moved",
                s -> s.clusters().keySet().equals(Set.of("blue", "red"))
                        && connectTimeoutSeconds(s, "red") == 3
                        && s.endpoints("blue").equals(List.of("10.0.0.9:10000")));
        assertThat(state.assignments()).containsOnlyKeys("blue", "red");
        assertThat(state.endpoints("red")).containsExactly("10.0.0.3:10000");
        assertThat(state.clusterWarmups()).as("only red was re-created").isEqualTo(warmups + 1);

        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.9")
                .upstream("green", "10.0.0.2")
                .upstream("red", 3, "10.0.0.4")
                .listener(8080, "blue"));

        state = envoy.awaitSettled(
                "green back, red moved",
                s -> s.endpoints("green").equals(List.of("10.0.0.2:10000"))
                        && s.endpoints("red").equals(List.of("10.0.0.4:10000")));
        assertThat(state.endpoints("blue")).containsExactly("10.0.0.9:10000");
    }

    /**
     * Proxies that connect to the same snapshot share the answers made for the first of them (SotW's first
     * answers, delta's held versions): each still ends with every cluster's endpoints, later changes reach each,
     * and a proxy connecting after a change gets the current config.
     */
    @Test
    void proxiesConnectingToTheSameSnapshotEachGetTheWholeConfigAndLaterChanges() {
        String[] hosts = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"};
        harness.publish(upstreams(hosts));
        List<EnvoyProxy> proxies = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                proxies.add(EnvoyProxy.start(channel, AdsHarness.node(), options()));
            }
            for (EnvoyProxy proxy : proxies) {
                ProxyState state = proxy.awaitSettled(
                        "the first config", s -> s.listeners().size() == 1);
                for (int i = 0; i < hosts.length; i++) {
                    assertThat(state.endpoints("u" + i)).containsExactly(hosts[i] + ":10000");
                }
            }

            hosts[2] = "10.1.0.3";
            harness.publish(upstreams(hosts));
            proxies.add(EnvoyProxy.start(channel, AdsHarness.node(), options()));
            for (EnvoyProxy proxy : proxies) {
                ProxyState state =
                        proxy.await("u2 moved", s -> s.endpoints("u2").equals(List.of("10.1.0.3:10000")));
                assertThat(state.clusters()).containsOnlyKeys("u0", "u1", "u2", "u3");
                assertThat(state.endpoints("u0")).containsExactly("10.0.0.1:10000");
                assertThat(state.endpoints("u3")).containsExactly("10.0.0.4:10000");
            }
            assertThat(harness.metrics.nacks).isEmpty();
        } finally {
            proxies.forEach(EnvoyProxy::close);
        }
    }

    private static XdsConfig upstreams(String[] hosts) {
        XdsConfig config = XdsConfig.of();
        for (int i = 0; i < hosts.length; i++) {
            config.upstream("u" + i, hosts[i]);
        }
        return config.listener(8080, "u0");
    }

    @Test
    void rotatedSecretIsUsedInPlaceWithoutReWarmingTheCluster() {
        harness.publish(XdsConfig.of()
                .tlsUpstream("blue", "blue-ca", "10.0.0.1")
                .caSecret("blue-ca", "fake CA one")
                .listener(8080, "blue"));
        start(options()).awaitSettled("the first config", s -> s.listeners().size() == 1);
        int warmups = envoy.state().clusterWarmups();

        harness.publish(XdsConfig.of()
                .tlsUpstream("blue", "blue-ca", "10.0.0.1")
                .caSecret("blue-ca", "fake CA two")
                .listener(8080, "blue"));

        ProxyState state = envoy.awaitSettled(
                "the rotated CA", s -> trustedCa(s, "blue-ca").equals("fake CA two"));
        assertThat(state.clusters()).containsOnlyKeys("blue");
        assertThat(state.endpoints("blue")).containsExactly("10.0.0.1:10000");
        assertThat(state.clusterWarmups()).isEqualTo(warmups);
    }

    @Test
    void restartedControlPlaneServesTheReconnectedProxyWithoutReCreatingUnchangedClusters()
            throws InterruptedException {
        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .listener(8080, "blue"));
        start(options()).awaitSettled("the first config", s -> s.listeners().size() == 1);
        int warmups = envoy.state().clusterWarmups();

        harness.close();
        harness = new AdsHarness(FEDERATION, serverName);
        harness.publish(XdsConfig.of()
                .upstream("blue", "10.0.0.1", "10.0.0.5")
                .upstream("green", "10.0.0.2")
                .listener(8080, "blue"));

        ProxyState state = envoy.awaitSettled(
                "the restarted server's endpoints",
                s -> s.endpoints("blue").equals(List.of("10.0.0.1:10000", "10.0.0.5:10000")));
        assertThat(state.endpoints("green")).containsExactly("10.0.0.2:10000");
        assertThat(state.listeners()).containsOnlyKeys("listener-::-8080");
        assertThat(state.clusterWarmups()).as("unchanged clusters are kept").isEqualTo(warmups);
    }

    @Test
    void aProxyReconnectingToARestartedControlPlaneWithTheSameConfigGetsNoClusterOrListenerAgain()
            throws InterruptedException {
        XdsConfig config = XdsConfig.of()
                .upstream("blue", "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .listener(8080, "blue");
        harness.publish(config);
        start(options()).awaitSettled("the first config", s -> s.listeners().size() == 1);
        int warmups = envoy.state().clusterWarmups();
        int clusters = envoy.resourcesReceived(XdsType.CLUSTER);
        int listeners = envoy.resourcesReceived(XdsType.LISTENER);
        int closes = envoy.remoteCloses().size();

        harness.close();
        envoy.await(
                "the stream ended by the stopped server",
                s -> envoy.remoteCloses().size() > closes);
        harness = new AdsHarness(FEDERATION, serverName);
        harness.publish(config);

        ProxyState state = envoy.awaitSettled(
                "reconnected to the restarted server",
                s -> !harness.metrics.streamEvents.isEmpty()
                        && s.endpoints("blue").size() == 1);
        assertThat(state.endpoints("blue")).containsExactly("10.0.0.1:10000");
        assertThat(envoy.resourcesReceived(XdsType.CLUSTER))
                .as("clusters sent again")
                .isEqualTo(clusters);
        assertThat(envoy.resourcesReceived(XdsType.LISTENER))
                .as("listeners sent again")
                .isEqualTo(listeners);
        assertThat(state.clusterWarmups()).isEqualTo(warmups);
        assertThat(harness.metrics.nacks).isEmpty();
    }

    private EnvoyProxy start(EnvoyOptions options) {
        envoy = EnvoyProxy.start(channel, AdsHarness.node(), options);
        return envoy;
    }

    private static long connectTimeoutSeconds(ProxyState state, String cluster) {
        return state.clusters().containsKey(cluster)
                ? Durations.toSeconds(state.clusters().get(cluster).getConnectTimeout())
                : -1;
    }

    private static String trustedCa(ProxyState state, String secret) {
        return state.secrets().containsKey(secret)
                ? state.secrets()
                        .get(secret)
                        .getValidationContext()
                        .getTrustedCa()
                        .getInlineString()
                : "";
    }

    private static String routedCluster(RouteConfiguration routes) {
        return routes.getVirtualHosts(0).getRoutes(0).getRoute().getCluster();
    }
}
