package dev.spillway.server.xds;

import dev.spillway.snapshot.SnapshotChange;
import dev.spillway.snapshot.SnapshotStore;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Aggregated discovery, state of the world and delta, served from a {@link SnapshotStore}. A stream's group
 * is taken from the first node it sends; every new snapshot of that group is pushed to it, type by type in
 * push order. A rejected (NACKed) version is recorded in the {@link NackLog} and never sent to that stream
 * again: the proxy keeps its last good config until a newer snapshot comes.
 */
public final class AdsService extends AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase
        implements AutoCloseable {
    /** The protocol label of state-of-the-world streams. */
    public static final String SOTW = "sotw";
    /** The protocol label of delta streams. */
    public static final String DELTA = "delta";

    private final AdsContext ctx;
    private final ExecutorService executor;

    /**
     * Registers with the store: new snapshots are pushed from then on.
     *
     * @param metrics {@link XdsMetrics#NONE} when nothing is reported
     */
    public AdsService(SnapshotStore store, ProxyIdentity identity, NackLog nacks, XdsMetrics metrics) {
        this(store, identity, nacks, metrics, StreamAuthorizer.ANYONE);
    }

    /**
     * Registers with the store; every stream's peer is checked by {@code authorizer} once its group is known.
     *
     * @param metrics {@link XdsMetrics#NONE} when nothing is reported
     */
    public AdsService(
            SnapshotStore store,
            ProxyIdentity identity,
            NackLog nacks,
            XdsMetrics metrics,
            StreamAuthorizer authorizer) {
        AtomicInteger threads = new AtomicInteger();
        this.executor =
                Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "spillway-xds-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.ctx = new AdsContext(
                store, identity, nacks, metrics, new StreamRegistry(), new SubscriptionIndex(), authorizer, executor);
        store.addChangeListener(this::onSnapshot);
    }

    @Override
    public StreamObserver<DiscoveryRequest> streamAggregatedResources(StreamObserver<DiscoveryResponse> responses) {
        return new SotwStream(ctx, responses);
    }

    @Override
    public StreamObserver<DeltaDiscoveryRequest> deltaAggregatedResources(
            StreamObserver<DeltaDiscoveryResponse> responses) {
        return new DeltaStream(ctx, responses);
    }

    /** Wakes the streams concerned by the change; each then computes its response from the latest snapshot. */
    private void onSnapshot(SnapshotChange change) {
        ctx.subscriptions().concerned(change).forEach(AdsStream::snapshotChanged);
    }

    /** The streams that identified their proxy, by group and protocol. */
    public SortedMap<StreamKey, Integer> connectedStreams() {
        return ctx.registry().counts();
    }

    /** The number of responses sent since start. */
    public long responsesSent() {
        return ctx.registry().responses();
    }

    /** The serialized bytes of all responses sent since start. */
    public long bytesSent() {
        return ctx.registry().bytes();
    }

    SubscriptionIndex subscriptions() {
        return ctx.subscriptions();
    }

    public NackLog nacks() {
        return ctx.nacks();
    }

    /** Ends every stream with UNAVAILABLE, so proxies reconnect (to another replica) and keep their config. */
    public void closeStreams() {
        Status status = Status.UNAVAILABLE.withDescription("control plane shutting down");
        ctx.registry().all().forEach(s -> s.terminate(status));
    }

    /** Ends every stream, then stops the stream threads. */
    @Override
    public void close() {
        closeStreams();
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
