package dev.spillway.server.xds.envoy;

import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Envoy's ADS mux ({@code Config::GrpcMux}): one stream for every type, re-opened after a backoff when it ends
 * ({@code GrpcStream::onRemoteClose}, source/extensions/config_subscription/grpc/grpc_stream.h). Every method
 * runs on the proxy's main thread; responses are handed to it from gRPC's threads.
 *
 * @param <Q> request type
 * @param <R> response type
 */
abstract class GrpcMux<Q, R> {
    final ScheduledExecutorService main;
    final EnvoyOptions options;
    final Node node;
    final ConfigSubscriber subscriber;
    private final Channel channel;
    private StreamObserver<Q> stream;
    private int generation;
    private boolean closed;
    /** How each stream the server ended was ended, oldest first. */
    final List<Status> remoteCloses = new CopyOnWriteArrayList<>();
    /** Every response received on any stream, counted as it arrives (before it is applied). */
    final AtomicInteger responsesReceived = new AtomicInteger();
    /** Resources received per type on any stream, removals not counted. */
    final Map<XdsType, AtomicInteger> resourcesReceived = new ConcurrentHashMap<>();
    /** The next request is the stream's first: it carries the node even when later ones do not. */
    boolean firstStreamRequest;

    GrpcMux(
            Channel channel,
            ScheduledExecutorService main,
            EnvoyOptions options,
            Node node,
            ConfigSubscriber subscriber) {
        this.channel = channel;
        this.main = main;
        this.options = options;
        this.node = node;
        this.subscriber = subscriber;
    }

    /** The watches of the type now want these names (none: wildcard for CDS/LDS). */
    abstract void updateInterest(XdsType type, Set<String> names);

    /** {@code GrpcMux::pause}: requests of the type are held (an ACK too) until as many resumes. */
    abstract void pause(XdsType type);

    abstract void resume(XdsType type);

    abstract StreamObserver<Q> open(AggregatedDiscoveryServiceStub stub, StreamObserver<R> responses);

    /** A new stream is up: every subscription is requested again. */
    abstract void onStreamEstablished();

    abstract void onDiscoveryResponse(R response);

    final void countResources(XdsType type, int count) {
        resourcesReceived.computeIfAbsent(type, t -> new AtomicInteger()).addAndGet(count);
    }

    final void start() {
        establishNewStream();
    }

    final boolean streamAvailable() {
        return stream != null;
    }

    final void sendMessage(Q request) {
        stream.onNext(request);
        firstStreamRequest = false;
    }

    final void close() {
        closed = true;
        if (stream != null) {
            stream.onCompleted();
            stream = null;
        }
    }

    private void establishNewStream() {
        if (closed) {
            return;
        }
        int current = ++generation;
        if (channel instanceof ManagedChannel managed) {
            managed.resetConnectBackoff();
        }
        stream = open(AggregatedDiscoveryServiceGrpc.newStub(channel).withWaitForReady(), new StreamObserver<>() {
            @Override
            public void onNext(R response) {
                responsesReceived.incrementAndGet();
                onMain(() -> {
                    if (current == generation && !closed) {
                        onDiscoveryResponse(response);
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                remoteCloses.add(Status.fromThrowable(t));
                onMain(() -> onRemoteClose(current));
            }

            @Override
            public void onCompleted() {
                remoteCloses.add(Status.OK);
                onMain(() -> onRemoteClose(current));
            }
        });
        firstStreamRequest = true;
        onStreamEstablished();
    }

    private void onMain(Runnable event) {
        if (!main.isShutdown()) {
            try {
                main.execute(event);
            } catch (RejectedExecutionException e) {
                // The proxy closed meanwhile.
            }
        }
    }

    private void onRemoteClose(int closedGeneration) {
        if (closedGeneration != generation || closed) {
            return;
        }
        stream = null;
        try {
            main.schedule(this::establishNewStream, options.reconnectBackoff().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The proxy is closing: a close queued after this remote close shut the main thread down.
        }
    }
}
