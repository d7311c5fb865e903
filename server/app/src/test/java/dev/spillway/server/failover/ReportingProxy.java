package dev.spillway.server.failover;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.server.ControlPlane;
import dev.spillway.server.xds.envoy.EnvoyOptions;
import dev.spillway.server.xds.envoy.EnvoyProxy;
import dev.spillway.server.xds.envoy.LoadStatsReporter;
import dev.spillway.server.xds.envoy.ProxyState;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway proxy of the guide's local cluster as the Envoy-behaviour client plays it: ADS over a plaintext
 * loopback connection, and Envoy's load reporter on the same connection, reporting per priority.
 */
public final class ReportingProxy implements AutoCloseable {
    /** The local cluster's gateway proxies. */
    public static final ProxyGroup LOCAL = new ProxyGroup("local", "gateway-proxy");
    /** The guide's FailoverScheme. */
    public static final ResourceKey SCHEME =
            new ResourceKey(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "failover-scheme");
    /** The guide's primary, the cluster under the FailoverScheme. */
    public static final String BLUE = "default-service-blue-10000_gloo-system";
    /** How long the first config and the first LoadStatsResponse may take. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final ManagedChannel channel;
    private final EnvoyProxy envoy;
    private final LoadStatsReporter lrs;
    private final ProxyState state;

    private ReportingProxy(ManagedChannel channel, EnvoyProxy envoy, LoadStatsReporter lrs, ProxyState state) {
        this.channel = channel;
        this.envoy = envoy;
        this.lrs = lrs;
        this.state = state;
    }

    /** Connects, waits for blue with its failover tier, then opens the LRS stream. */
    public static ReportingProxy connect(int xdsPort, String id) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", xdsPort)
                .usePlaintext()
                .build();
        Node node = Node.newBuilder()
                .setId(id)
                .setCluster(LOCAL.proxy())
                .setMetadata(Struct.newBuilder()
                        .putFields(
                                "cluster",
                                Value.newBuilder().setStringValue("local").build()))
                .build();
        EnvoyProxy envoy = EnvoyProxy.start(channel, node, EnvoyOptions.stateOfTheWorld());
        ProxyState state = envoy.awaitSettled(
                "blue with its failover tier",
                s -> !s.endpointsByPriority(BLUE).getOrDefault(1, List.of()).isEmpty());
        return new ReportingProxy(channel, envoy, LoadStatsReporter.start(channel, node), state);
    }

    public LoadStatsReporter lrs() {
        return lrs;
    }

    public ProxyState state() {
        return state;
    }

    /** Waits for the first LoadStatsResponse: Envoy reports nothing before it. */
    public ReportingProxy awaitAsked() throws InterruptedException {
        lrs.awaitResponse(1, WAIT);
        return this;
    }

    /** Reports the requests that went to each of blue's priorities since the last report. */
    public void report(Map<Integer, Long> byPriority) {
        lrs.report(state, Map.of(BLUE, byPriority));
    }

    /** Waits until the plane's accounting shows the guide's scheme on the local gateway proxies at this tier. */
    public static void awaitActiveTier(ControlPlane plane, int tier) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (plane.failoverActivity()
                .of(SCHEME, LOCAL)
                .map(a -> a.activeTier() != tier)
                .orElse(true)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("active tier " + tier + " not accounted within " + WAIT);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        lrs.close();
        envoy.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
