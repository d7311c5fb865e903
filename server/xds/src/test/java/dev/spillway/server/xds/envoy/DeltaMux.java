package dev.spillway.server.xds.envoy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The incremental mux, as {@code NewGrpcMuxImpl} (source/extensions/config_subscription/grpc/new_grpc_mux_impl.cc)
 * with a {@code DeltaSubscriptionState} per type (delta_subscription_state.cc): subscription changes go out as
 * they happen, ACKs carry the nonce they answer, and the first request of each stream states every name wanted
 * with the versions held ({@code initial_resource_versions}).
 */
final class DeltaMux extends GrpcMux<DeltaDiscoveryRequest, DeltaDiscoveryResponse> {
    /** One answer waiting to go out ({@code UpdateAck}). */
    private record Ack(String nonce, String error) {}

    /** {@code DeltaSubscriptionState}, plus the pause count of the type. */
    private static final class SubscriptionState {
        final boolean wildcard;
        final SortedSet<String> interest = new TreeSet<>();
        final SortedMap<String, String> versions = new TreeMap<>();
        final SortedSet<String> namesAdded = new TreeSet<>();
        final SortedSet<String> namesRemoved = new TreeSet<>();
        final Deque<Ack> acks = new ArrayDeque<>();
        boolean anyRequestSentYetInCurrentStream;
        boolean updatePending;
        int pauses;

        SubscriptionState(XdsType type) {
            wildcard = !type.namedByClient();
        }
    }

    private final Map<XdsType, SubscriptionState> subscriptions = new EnumMap<>(XdsType.class);
    private final List<XdsType> order = new ArrayList<>();

    DeltaMux(
            Channel channel,
            ScheduledExecutorService main,
            EnvoyOptions options,
            Node node,
            ConfigSubscriber subscriber) {
        super(channel, main, options, node, subscriber);
    }

    @Override
    StreamObserver<DeltaDiscoveryRequest> open(
            AggregatedDiscoveryServiceStub stub, StreamObserver<DeltaDiscoveryResponse> responses) {
        return stub.deltaAggregatedResources(responses);
    }

    /** {@code DeltaSubscriptionState::updateSubscriptionInterest}: only the difference is sent. */
    @Override
    void updateInterest(XdsType type, Set<String> names) {
        SubscriptionState state = subscriptionFor(type);
        if (!order.contains(type)) {
            order.add(type);
            state.updatePending = true;
        }
        for (String name : names) {
            if (state.interest.add(name)) {
                state.namesAdded.add(name);
                state.namesRemoved.remove(name);
                state.updatePending = true;
            }
        }
        for (String name : List.copyOf(state.interest)) {
            if (!names.contains(name)) {
                state.interest.remove(name);
                state.versions.remove(name);
                state.namesRemoved.add(name);
                state.namesAdded.remove(name);
                state.updatePending = true;
            }
        }
        trySendDiscoveryRequests();
    }

    @Override
    void pause(XdsType type) {
        subscriptionFor(type).pauses++;
    }

    @Override
    void resume(XdsType type) {
        SubscriptionState state = subscriptionFor(type);
        if (--state.pauses == 0) {
            trySendDiscoveryRequests();
        }
    }

    /** {@code NewGrpcMuxImpl::onStreamEstablished}: every subscription marked fresh, pending ACKs dropped. */
    @Override
    void onStreamEstablished() {
        for (XdsType type : order) {
            SubscriptionState state = subscriptions.get(type);
            state.anyRequestSentYetInCurrentStream = false;
            state.updatePending = true;
            state.acks.clear();
        }
        trySendDiscoveryRequests();
    }

    /**
     * {@code NewGrpcMuxImpl::onDiscoveryResponse} and {@code DeltaSubscriptionState::handleResponse}: an accepted
     * response updates the versions held; either way its nonce is answered.
     */
    @Override
    void onDiscoveryResponse(DeltaDiscoveryResponse response) {
        XdsType type = XdsType.of(response.getTypeUrl()).orElse(null);
        SubscriptionState state = type == null || !order.contains(type) ? null : subscriptions.get(type);
        if (state == null) {
            return; // No subscription for this type: ignored, as Envoy does.
        }
        countResources(type, response.getResourcesCount());
        String error = apply(type, response);
        if (error == null) {
            for (Resource r : response.getResourcesList()) {
                if (state.wildcard || state.interest.contains(r.getName())) {
                    state.versions.put(r.getName(), r.getVersion());
                }
            }
            response.getRemovedResourcesList().forEach(state.versions::remove);
        }
        state.acks.add(new Ack(response.getNonce(), error));
        trySendDiscoveryRequests();
    }

    private String apply(XdsType type, DeltaDiscoveryResponse response) {
        List<Message> added = new ArrayList<>();
        for (Resource r : response.getResourcesList()) {
            try {
                added.add(EnvoyResources.unpack(r.getResource(), type.typeUrl()));
            } catch (InvalidProtocolBufferException e) {
                return "unreadable " + type + " " + r.getName() + ": " + e.getMessage();
            }
        }
        return subscriber.onConfigUpdate(type, added, response.getRemovedResourcesList(), false);
    }

    /** {@code NewGrpcMuxImpl::trySendDiscoveryRequests}: ACKs first, then subscription changes; none while paused. */
    private void trySendDiscoveryRequests() {
        if (!streamAvailable()) {
            return;
        }
        for (XdsType type : order) {
            SubscriptionState state = subscriptions.get(type);
            while (state.pauses == 0 && (!state.acks.isEmpty() || state.updatePending)) {
                Ack ack = state.acks.poll();
                sendMessage(nextRequest(type, state, ack));
            }
        }
    }

    /** {@code DeltaSubscriptionState::getNextRequestAckless} / {@code getNextRequestWithAck}. */
    private DeltaDiscoveryRequest nextRequest(XdsType type, SubscriptionState state, Ack ack) {
        DeltaDiscoveryRequest.Builder request =
                DeltaDiscoveryRequest.newBuilder().setTypeUrl(type.typeUrl());
        if (!state.anyRequestSentYetInCurrentStream) {
            state.anyRequestSentYetInCurrentStream = true;
            // A new stream may reach a new server: state every name wanted and the versions held.
            request.putAllInitialResourceVersions(state.versions);
            if (!(state.wildcard && state.interest.isEmpty())) {
                request.addAllResourceNamesSubscribe(state.interest);
            }
        } else {
            request.addAllResourceNamesSubscribe(state.namesAdded);
            request.addAllResourceNamesUnsubscribe(state.namesRemoved);
        }
        state.namesAdded.clear();
        state.namesRemoved.clear();
        state.updatePending = false;
        if (ack != null) {
            request.setResponseNonce(ack.nonce());
            if (ack.error() != null) {
                request.setErrorDetail(
                        com.google.rpc.Status.newBuilder().setCode(13).setMessage(ack.error()));
            }
        }
        if (options.nodeOnEveryRequest() || firstStreamRequest) {
            request.setNode(node);
        }
        return request.build();
    }

    private SubscriptionState subscriptionFor(XdsType type) {
        return subscriptions.computeIfAbsent(type, SubscriptionState::new);
    }
}
