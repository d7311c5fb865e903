package dev.spillway.server.xds;

import com.google.protobuf.Message;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.snapshot.GroupSnapshot;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ADS stream. Every event (request, snapshot change, transport ready, end) runs on the stream's own
 * serial executor, so the state needs no locks and the snapshot publisher never waits for a stream.
 *
 * <p>Flow control: a type is sent only when its previous response was answered and the transport is
 * ready; otherwise the stream waits, and the next push computes the latest state afresh. So at most one
 * response per type is ever in flight and a slow reader cannot make the heap grow.
 *
 * @param <Q> request type
 * @param <R> response type
 * @param <S> per-type state
 */
abstract class AdsStream<Q, R extends Message, S extends TypeState> implements StreamObserver<Q> {
    private static final Logger LOG = LoggerFactory.getLogger(AdsStream.class);

    final AdsContext ctx;
    private final String protocol;
    private final ServerCallStreamObserver<R> out;
    private final SerialExecutor serial;
    private final AtomicBoolean pushQueued = new AtomicBoolean();
    /** Read from the call's context: streams are created on the thread that starts the call. */
    private final XdsPeer peer = XdsPeer.current();

    private final Map<XdsType, S> states = new EnumMap<>(XdsType.class);
    private volatile ProxyGroup group;
    private Node node;
    private long nonces;
    private boolean ended;

    AdsStream(AdsContext ctx, String protocol, StreamObserver<R> responses, Supplier<S> newState) {
        this.ctx = ctx;
        this.protocol = protocol;
        this.out = (ServerCallStreamObserver<R>) responses;
        this.serial = new SerialExecutor(ctx.executor());
        for (XdsType type : XdsType.values()) {
            states.put(type, newState.get());
        }
        out.setOnReadyHandler(() -> serial.execute(this::push));
        out.setOnCancelHandler(() -> serial.execute(this::end));
        ctx.registry().opened(this);
    }

    /** Handles a request, on the stream's executor. */
    abstract void handle(Q request);

    /** True when the client should get a response of this type for the snapshot. */
    abstract boolean needsSend(XdsType type, S state, GroupSnapshot snapshot);

    /** Sends the type's response for the snapshot (through {@link #respond}). */
    abstract void send(XdsType type, S state, GroupSnapshot snapshot);

    /** The names the client subscribes to for a type (empty for a wildcard subscription). */
    abstract Set<String> subscribedNames(S state);

    /** True when a response of this stream carried the resource (so the client holds it, or was told it is gone). */
    abstract boolean answeredBefore(S state, String name);

    @Override
    public final void onNext(Q request) {
        serial.execute(() -> {
            if (!ended) {
                try {
                    handle(request);
                } catch (RuntimeException e) {
                    fail(e);
                }
            }
        });
    }

    /**
     * A request this server failed on ends the stream with INTERNAL: its state may be half-updated, and a stream
     * left open on it could stop answering. Envoy keeps its config and reconnects after a backoff, with what it
     * holds, to a fresh stream ({@code GrpcStream::onRemoteClose}, source/extensions/config_subscription/grpc/
     * grpc_stream.h).
     */
    private void fail(RuntimeException e) {
        LOG.error("proxy {} (group {}): failed on an {} ADS request, ending the stream", nodeId(), group, protocol, e);
        ctx.metrics().onStreamFailed(protocol, e);
        try {
            out.onError(Status.INTERNAL
                    .withDescription("control plane failed on the request")
                    .asRuntimeException());
        } catch (RuntimeException closed) {
            // The call was already closed: nothing left to tell the client.
        }
        end();
    }

    @Override
    public final void onError(Throwable t) {
        serial.execute(this::end);
    }

    @Override
    public final void onCompleted() {
        serial.execute(() -> {
            if (!ended) {
                out.onCompleted();
            }
            end();
        });
    }

    /** A new snapshot of the stream's group was published; cheap, never blocks. */
    final void snapshotChanged() {
        if (pushQueued.compareAndSet(false, true)) {
            serial.execute(() -> {
                pushQueued.set(false);
                push();
            });
        }
    }

    /** Ends the stream with {@code status}, so the client reconnects (to another replica). */
    final void terminate(Status status) {
        serial.execute(() -> {
            if (!ended) {
                out.onError(status.asRuntimeException());
                end();
            }
        });
    }

    /** The group, or null before the first request. */
    final ProxyGroup group() {
        return group;
    }

    final String protocol() {
        return protocol;
    }

    final S state(XdsType type) {
        return states.get(type);
    }

    /** The node id, empty before the stream sent a node. */
    final String nodeId() {
        return node == null ? "" : node.getId();
    }

    /**
     * Remembers the first node the stream sends: clients may send it on the first request only (gRPC, Envoy's
     * {@code set_node_on_first_message_only}), so the group is never taken from later requests.
     */
    final void identify(boolean hasNode, Node fromRequest) {
        if (group != null || !hasNode) {
            return;
        }
        ProxyGroup named = ctx.identity().groupOf(fromRequest);
        java.util.Optional<String> denial = ctx.authorizer().denial(peer, named);
        if (denial.isPresent()) {
            // Ended before any response, so the proxy holds nothing of the group it claimed. Envoy logs the
            // status and message at warn level ("StreamAggregatedResources gRPC config stream to ... closed: 7,
            // ...": the operator sees both identities) and retries after a backoff, keeping what it had
            // (GrpcStream::onRemoteClose and logClose, source/extensions/config_subscription/grpc/grpc_stream.h);
            // PERMISSION_DENIED is not one of the codes Envoy treats as transient, so every refusal is logged.
            LOG.warn("refused ADS stream of proxy {}: {}", fromRequest.getId(), denial.get());
            out.onError(Status.PERMISSION_DENIED.withDescription(denial.get()).asRuntimeException());
            end();
            return;
        }
        node = fromRequest;
        group = named;
        ctx.registry().identified(this);
        ctx.metrics().onStreamOpened(group, protocol);
        LOG.info("proxy {} (group {}) connected over {} ADS", node.getId(), group, protocol);
        if (!ctx.store().knows(group)) {
            LOG.warn(
                    "proxy {} (group {}): nothing published for this group yet, serving an empty snapshot"
                            + " (node.metadata.cluster names the federation cluster; configured: {})",
                    node.getId(),
                    group,
                    ctx.identity().knownClusters());
        }
    }

    /**
     * Sends every type that needs it, in push order. A type whose previous response is unanswered is held, and
     * so is every type that refers to a held one ({@link PushOrder}); the others are sent, so an answer for
     * names the client needs never waits on an ACK the client holds until it gets that answer.
     */
    final void push() {
        if (ended || group == null) {
            return;
        }
        GroupSnapshot snapshot = ctx.store().get(group);
        Set<XdsType> held = EnumSet.noneOf(XdsType.class);
        for (XdsType type : XdsType.values()) {
            S state = states.get(type);
            if (!state.requested || !needsSend(type, state, snapshot)) {
                continue;
            }
            if (!out.isReady()) {
                return;
            }
            if ((state.awaitingAnswer && !supersedes(type, snapshot)) || PushOrder.waits(type, held)) {
                held.add(type);
                continue;
            }
            send(type, state, snapshot);
        }
    }

    /**
     * A newer CDS (LDS) response goes out although the previous one is unanswered when the client subscribes to a
     * secret (or route configuration) it never received and the snapshot no longer has: a cluster (listener) of the
     * previous response warms on it, and Envoy holds its CDS ACK while a cluster warms ({@code ClusterManagerImpl::updateClusterCounts},
     * source/common/upstream/cluster_manager_impl.cc). Unlike a missing ClusterLoadAssignment, a missing secret or
     * route configuration cannot be answered: Envoy's SotW mux calls an SDS or RDS watch only with the resources a
     * response names ({@code GrpcMuxImpl::processDiscoveryResources}, source/extensions/config_subscription/grpc/
     * grpc_mux_impl.cc), and an empty secret would be used. So the answer is the newer response itself: Envoy
     * applies a response while the type is paused (a pause holds only its requests, {@code GrpcMuxImpl::pause}), the
     * newer cluster replaces the warming one, and the single request on resume names the latest nonce.
     */
    private boolean supersedes(XdsType type, GroupSnapshot snapshot) {
        return switch (type) {
            case CLUSTER -> subscribesToAbsent(XdsType.SECRET, snapshot);
            case LISTENER ->
                subscribesToAbsent(XdsType.SECRET, snapshot) || subscribesToAbsent(XdsType.ROUTE, snapshot);
            default -> false;
        };
    }

    /**
     * The client waits for a resource of the type that the snapshot lacks and that it never received: what it
     * received before it holds, so nothing warms on it.
     */
    private boolean subscribesToAbsent(XdsType type, GroupSnapshot snapshot) {
        Map<String, ?> have = snapshot.of(type).resources();
        S state = states.get(type);
        for (String name : subscribedNames(state)) {
            if (!name.equals("*") && !have.containsKey(name) && !answeredBefore(state, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records what the client now subscribes to of the type (before the push that follows, so a snapshot published
     * meanwhile is either seen by that push or wakes this stream).
     */
    final void subscribe(XdsType type, S state, boolean all, Collection<String> names) {
        if (group != null) {
            state.interest = ctx.subscriptions().subscribe(this, type, state.interest, all, names);
        }
    }

    final String nextNonce() {
        return Long.toString(++nonces);
    }

    /** Sends a response and records it as the type's latest. */
    final void respond(XdsType type, S state, R response, String nonce, String version, Collection<String> names) {
        out.onNext(response);
        state.nonce = nonce;
        state.awaitingAnswer = true;
        state.sentAtNanos = System.nanoTime();
        state.sentVersion = version;
        state.sentNames = names;
        int bytes = response.getSerializedSize();
        ctx.registry().sent(bytes);
        ctx.metrics().onPush(group, type, bytes);
        LOG.debug(
                "proxy {} (group {}): sent {} version {} nonce {} ({} resources, {} bytes)",
                node.getId(),
                group,
                type,
                version,
                nonce,
                names.size(),
                bytes);
    }

    /**
     * The client answered the type's latest response: an ACK, or a NACK when {@code error} is not null.
     * A NACKed version is not sent again: the type waits for a newer snapshot.
     */
    final void answered(XdsType type, S state, com.google.rpc.Status error) {
        if (!state.awaitingAnswer) {
            return;
        }
        state.awaitingAnswer = false;
        if (error != null) {
            NackRecord nack = new NackRecord(
                    Instant.now(),
                    node.getId(),
                    group,
                    protocol,
                    type,
                    state.sentVersion,
                    state.nonce,
                    List.copyOf(state.sentNames),
                    error.getMessage());
            ctx.nacks().record(nack);
            ctx.metrics().onNack(nack);
            LOG.debug(
                    "proxy {} (group {}): {} version {} rejected: {}",
                    node.getId(),
                    group,
                    type,
                    state.sentVersion,
                    error.getMessage());
            return;
        }
        ctx.metrics().onAck(group, type, state.sentVersion, System.nanoTime() - state.sentAtNanos);
        if (state.sentVersion.equals(ctx.store().get(group).of(type).version())) {
            ctx.nacks().onAck(group, type, state.sentVersion);
        }
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        ctx.registry().closed(this);
        if (group != null) {
            states.forEach((type, state) -> ctx.subscriptions().remove(this, type, state.interest));
        }
        if (group != null) {
            ctx.metrics().onStreamClosed(group, protocol);
            LOG.info("proxy {} (group {}) disconnected from {} ADS", node.getId(), group, protocol);
        }
    }
}
