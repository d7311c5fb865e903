package dev.spillway.server.xds;

import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.snapshot.SnapshotStore;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.controlplane.cache.SnapshotConsistencyException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** An ADS service over a snapshot store, served in-process, with clients that connect to it. */
final class AdsHarness implements AutoCloseable {
    static final ProxyGroup GROUP = new ProxyGroup("local", "gateway-proxy");

    final SnapshotStore store = new SnapshotStore();
    final NackLog nacks = new NackLog();
    final RecordingMetrics metrics = new RecordingMetrics();
    final AdsService ads;
    private final XdsServer server;
    private final ManagedChannel channel;
    private final String name;

    AdsHarness() {
        this(Set.of("local"));
    }

    AdsHarness(Set<String> clusters) {
        this(clusters, InProcessServerBuilder.generateName());
    }

    /** Served in-process under {@code name}: a new harness under the same name is a restarted control plane. */
    AdsHarness(Set<String> clusters, String name) {
        this.name = name;
        ads = new AdsService(store, new ProxyIdentity(() -> clusters), nacks, metrics);
        server = new XdsServer(InProcessServerBuilder.forName(name).directExecutor(), ads);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    /** An Envoy node of the proxy group. */
    static Node node(String id, ProxyGroup group) {
        return Node.newBuilder()
                .setId(id)
                .setCluster(group.proxy())
                .setUserAgentName("envoy")
                .setMetadata(Struct.newBuilder()
                        .putFields(
                                "cluster",
                                Value.newBuilder()
                                        .setStringValue(group.cluster())
                                        .build()))
                .build();
    }

    static Node node() {
        return node("gateway-proxy-1", GROUP);
    }

    void publish(
            ProxyGroup group, Map<XdsType, List<? extends Message>> resources, Map<String, String> edsServiceNames) {
        try {
            store.publish(group, resources, edsServiceNames);
        } catch (SnapshotConsistencyException e) {
            throw new AssertionError(e);
        }
    }

    void publish(XdsConfig config) {
        publish(GROUP, config.resources(), config.edsServiceNames());
    }

    String version(XdsType type) {
        return store.get(GROUP).of(type).version();
    }

    SotwClient sotw(Node node) {
        return new SotwClient(AggregatedDiscoveryServiceGrpc.newStub(channel), node, true);
    }

    /** A client that sends its node on the first request only, like gRPC. */
    SotwClient sotwNodeOnFirstRequestOnly(Node node) {
        return new SotwClient(AggregatedDiscoveryServiceGrpc.newStub(channel), node, false);
    }

    DeltaClient delta(Node node) {
        return new DeltaClient(AggregatedDiscoveryServiceGrpc.newStub(channel), node);
    }

    /** The in-process server name, for clients with their own channel. */
    String name() {
        return name;
    }

    ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        ads.close();
    }
}
