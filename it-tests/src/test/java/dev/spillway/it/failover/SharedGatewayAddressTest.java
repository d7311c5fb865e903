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
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.extensions.clusters.aggregate.v3.ClusterConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two failover targets behind one remote gateway address, served to a proxy that keeps hosts as Envoy does
 * (one host per address in a cluster, {@code eds.cc}): each target must still get its own SNI. The
 * translator splits the cluster into parts under an aggregate cluster; this checks what the proxy ends up
 * holding, over a real gRPC connection to a running control plane.
 */
class SharedGatewayAddressTest {
    private static final Path INPUT = Path.of("../translator/src/test/resources/golden/failover-shared-gateway/input");
    private static final String PRIMARY = "default-service-blue-10000_gloo-system";
    private static final String GATEWAY = "34.1.2.3:15443";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "delta={0}")
    @ValueSource(booleans = {false, true})
    void eachTargetBehindOneGatewayKeepsItsOwnSni(boolean delta) throws Exception {
        copy(INPUT, dir);
        ControlPlane plane = ControlPlane.start(
                new ControlPlane.Settings(dir, 0, "127.0.0.1", 0, Duration.ofMillis(50), Duration.ofMillis(500)),
                new PrintStream(PrintStream.nullOutputStream()));
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", plane.xdsPort())
                .usePlaintext()
                .build();
        EnvoyProxy envoy =
                EnvoyProxy.start(channel, node(), EnvoyOptions.stateOfTheWorld().withDelta(delta));
        try {
            ProxyState state = envoy.awaitSettled(
                    "the aggregate cluster and its parts",
                    s -> s.clusters().containsKey(PRIMARY)
                            && s.clusters().keySet().stream()
                                            .filter(n -> n.startsWith(PRIMARY + ":"))
                                            .count()
                                    >= 2);

            List<String> parts = ClusterConfig.parseFrom(state.clusters()
                            .get(PRIMARY)
                            .getClusterType()
                            .getTypedConfig()
                            .getValue())
                    .getClustersList();
            assertThat(parts)
                    .as("the aggregate's parts, in failover order")
                    .hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(part -> assertThat(state.clusters()).containsKey(part));

            List<String> partsAtTheGateway = parts.stream()
                    .filter(part -> state.endpoints(part).contains(GATEWAY))
                    .toList();
            assertThat(partsAtTheGateway)
                    .as("parts that still hold the shared gateway address after dedup")
                    .hasSize(2);
            assertThat(partsAtTheGateway.stream()
                            .map(part -> sniOf(state.clusters().get(part))))
                    .containsExactlyInAnyOrder(
                            "default-service-green-10000_gloo-system",
                            "default-service-green-canary-10000_gloo-system");
        } finally {
            envoy.close();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            plane.close();
        }
    }

    private static Node node() {
        return Node.newBuilder()
                .setId("gateway-proxy-1")
                .setCluster("gateway-proxy")
                .setUserAgentName("envoy")
                .setMetadata(Struct.newBuilder()
                        .putFields(
                                "cluster",
                                Value.newBuilder().setStringValue("local").build()))
                .build();
    }

    /** The SNI of the part's transport socket for the gateway address (one match per gateway in a part). */
    private static String sniOf(Cluster part) {
        assertThat(part.getTransportSocketMatchesList())
                .as("TLS matches of %s", part.getName())
                .hasSize(1);
        try {
            return part.getTransportSocketMatches(0)
                    .getTransportSocket()
                    .getTypedConfig()
                    .unpack(UpstreamTlsContext.class)
                    .getSni();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    /** Copies a golden input, its clearly fake PEM bodies made real (GoldenMaterial). */
    private static void copy(Path from, Path to) {
        GoldenMaterial.copy(from, to);
    }
}
