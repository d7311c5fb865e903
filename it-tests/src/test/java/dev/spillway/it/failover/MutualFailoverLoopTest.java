package dev.spillway.it.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.spillway.server.ControlPlane;
import dev.spillway.server.xds.envoy.EnvoyOptions;
import dev.spillway.server.xds.envoy.EnvoyProxy;
import dev.spillway.server.xds.envoy.ProxyState;
import dev.spillway.translator.tls.GoldenMaterial;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Blue runs in two clusters and each fails over to the other (golden case failover-mutual). A request that
 * fails over from one cluster arrives at the other's failover gateway with SNI = blue's cluster name. What
 * the gateway proxy holds must send it to that cluster's own blue pods only: were it forwarded to the cluster
 * the SNI names, which fails over back, a request with both sides unhealthy would bounce between the
 * gateways. Checked on what a proxy that behaves as Envoy does ends up holding, over a real gRPC connection
 * to a running control plane, SotW and delta.
 */
class MutualFailoverLoopTest {
    private static final Path INPUT = Path.of("../translator/src/test/resources/golden/failover-mutual/input");
    private static final String BLUE = "default-service-blue-10000_gloo-system";
    /** The failover gateways (port named failover, LoadBalancer ingress IP) of each cluster. */
    private static final Map<String, String> GATEWAYS = Map.of("local", "34.1.2.4:15443", "remote", "34.1.2.3:15443");
    /** Blue's own pods in each cluster. */
    private static final Map<String, String> PODS = Map.of("local", "10.0.1.5:10000", "remote", "10.1.2.8:10000");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "request entering {0}'s gateway from {1}, delta={2}")
    @CsvSource({"remote, local, false", "remote, local, true", "local, remote, false", "local, remote, true"})
    void aRequestThatFailedOverIsServedOnlyByTheLocalPodsNeverByAnotherGateway(
            String entered, String from, boolean delta) throws Exception {
        copy(INPUT, dir);
        ControlPlane plane = ControlPlane.start(
                new ControlPlane.Settings(dir, 0, "127.0.0.1", 0, Duration.ofMillis(50), Duration.ofMillis(500)),
                new PrintStream(PrintStream.nullOutputStream()));
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", plane.xdsPort())
                .usePlaintext()
                .build();
        EnvoyProxy envoy = EnvoyProxy.start(
                channel, node(entered), EnvoyOptions.stateOfTheWorld().withDelta(delta));
        try {
            ProxyState state = envoy.awaitSettled(
                    "the failover listener and blue's clusters",
                    s -> s.listeners().containsKey("listener-::-15443")
                            && !s.endpoints(BLUE).isEmpty()
                            && !s.endpoints(forwardedCluster(s.listeners().get("listener-::-15443"), BLUE))
                                    .isEmpty());

            // Blue fails over from here too: the cluster its SNI names holds the other side's gateway.
            assertThat(state.endpointsByPriority(BLUE))
                    .as("blue in %s fails over to %s", entered, from)
                    .containsEntry(0, List.of(PODS.get(entered)))
                    .containsEntry(1, List.of(GATEWAYS.get(from)));

            // The request from the other side: TLS with SNI = blue's cluster name.
            String cluster = forwardedCluster(state.listeners().get("listener-::-15443"), BLUE);

            assertThat(cluster)
                    .as("the cluster the gateway forwards SNI %s to", BLUE)
                    .isNotEqualTo(BLUE);
            assertThat(state.clusters()).containsKey(cluster);
            assertThat(state.endpointsByPriority(cluster))
                    .as("hosts of %s, by priority", cluster)
                    .containsOnlyKeys(0)
                    .containsEntry(0, List.of(PODS.get(entered)));
            assertThat(state.endpoints(cluster))
                    .as("no host of %s is a failover gateway", cluster)
                    .doesNotContainAnyElementsOf(GATEWAYS.values());
            assertThat(state.clusters().get(cluster).getTransportSocketMatchesList())
                    .as("no TLS to a gateway")
                    .isEmpty();
        } finally {
            envoy.close();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            plane.close();
        }
    }

    /**
     * The cluster a connection with this SNI reaches, as Envoy picks it: the filter chain whose
     * {@code server_names} hold the SNI (FilterChainManagerImpl::findFilterChain), then the cluster named by
     * the SNI when the chain runs {@code sni_cluster} (SniClusterFilter::onNewConnection sets it as the
     * tcp_proxy's cluster), else the tcp_proxy's own cluster.
     */
    private static String forwardedCluster(Listener listener, String sni) {
        FilterChain chain = listener.getFilterChainsList().stream()
                .filter(c -> c.getFilterChainMatch().getServerNamesList().contains(sni))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no filter chain accepts SNI " + sni));
        boolean sniCluster =
                chain.getFiltersList().stream().anyMatch(f -> f.getName().equals("envoy.filters.network.sni_cluster"));
        if (sniCluster) {
            return sni;
        }
        Filter tcpProxy = chain.getFiltersList().stream()
                .filter(f -> f.getName().equals("envoy.filters.network.tcp_proxy"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no tcp_proxy on the chain for " + sni));
        try {
            return tcpProxy.getTypedConfig().unpack(TcpProxy.class).getCluster();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static Node node(String cluster) {
        return Node.newBuilder()
                .setId("gateway-proxy-1")
                .setCluster("gateway-proxy")
                .setUserAgentName("envoy")
                .setMetadata(Struct.newBuilder()
                        .putFields(
                                "cluster",
                                Value.newBuilder().setStringValue(cluster).build()))
                .build();
    }

    /** Copies a golden input, its clearly fake PEM bodies made real (GoldenMaterial). */
    private static void copy(Path from, Path to) {
        GoldenMaterial.copy(from, to);
    }
}
