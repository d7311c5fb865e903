package dev.spillway.server.xds.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The state-of-the-world mux, as {@code GrpcMuxImpl} (source/extensions/config_subscription/grpc/grpc_mux_impl.cc):
 * each type keeps one request that every send repeats with the last accepted version and the latest nonce,
 * subscription changes included.
 */
final class SotwMux extends GrpcMux<DiscoveryRequest, DiscoveryResponse> {
    /** {@code GrpcMuxImpl::ApiState}. */
    private static final class ApiState {
        final DiscoveryRequest.Builder request = DiscoveryRequest.newBuilder();
        SortedSet<String> names = new TreeSet<>();
        int pauses;
        boolean pending;
        boolean subscribed;
    }

    private final Map<XdsType, ApiState> apiStates = new EnumMap<>(XdsType.class);
    /** Types in the order they were first watched: the order requests go out on a new stream. */
    private final List<XdsType> subscriptions = new ArrayList<>();

    SotwMux(
            Channel channel,
            ScheduledExecutorService main,
            EnvoyOptions options,
            Node node,
            ConfigSubscriber subscriber) {
        super(channel, main, options, node, subscriber);
    }

    @Override
    StreamObserver<DiscoveryRequest> open(
            AggregatedDiscoveryServiceStub stub, StreamObserver<DiscoveryResponse> responses) {
        return stub.streamAggregatedResources(responses);
    }

    /** {@code GrpcMuxImpl::addWatch} and watch updates: every change of interest queues a request. */
    @Override
    void updateInterest(XdsType type, Set<String> names) {
        ApiState state = state(type);
        state.names = new TreeSet<>(names);
        if (!state.subscribed) {
            state.subscribed = true;
            state.request.setTypeUrl(type.typeUrl());
            subscriptions.add(type);
        }
        queueDiscoveryRequest(type);
    }

    /** {@code GrpcMuxImpl::pause}. */
    @Override
    void pause(XdsType type) {
        state(type).pauses++;
    }

    /** The {@code ScopedResume} of {@code GrpcMuxImpl::pause}: a request held meanwhile goes out now. */
    @Override
    void resume(XdsType type) {
        ApiState state = state(type);
        if (--state.pauses == 0 && state.pending && state.subscribed) {
            state.pending = false;
            queueDiscoveryRequest(type);
        }
    }

    /** {@code GrpcMuxImpl::onStreamEstablished}: nonces cleared, every subscription requested again. */
    @Override
    void onStreamEstablished() {
        apiStates.values().forEach(s -> s.request.clearResponseNonce());
        for (XdsType type : subscriptions) {
            queueDiscoveryRequest(type);
        }
    }

    /**
     * {@code GrpcMuxImpl::onDiscoveryResponse}: the type is paused while the update is applied; an accepted
     * response sets the version, a rejected one the error detail; the nonce is the latest either way.
     */
    @Override
    void onDiscoveryResponse(DiscoveryResponse response) {
        XdsType type = XdsType.of(response.getTypeUrl()).orElse(null);
        ApiState state = type == null ? null : apiStates.get(type);
        if (state == null || !state.subscribed) {
            return; // "Ignoring the message for type URL {} as it has no current subscribers."
        }
        countResources(type, response.getResourcesCount());
        if (state.names.isEmpty() && type.namedByClient()) {
            // No watches: an empty response is accepted, one with resources is not (the version stays).
            state.request.setResponseNonce(response.getNonce());
            if (response.getResourcesCount() == 0) {
                state.request.setVersionInfo(response.getVersionInfo());
            } else {
                queueDiscoveryRequest(type);
            }
            return;
        }
        pause(type);
        String error = apply(type, state, response);
        if (error == null) {
            state.request.setVersionInfo(response.getVersionInfo());
        } else {
            state.request.setErrorDetail(
                    com.google.rpc.Status.newBuilder().setCode(13).setMessage(error));
        }
        state.request.setResponseNonce(response.getNonce());
        queueDiscoveryRequest(type);
        resume(type);
    }

    /**
     * {@code GrpcMuxImpl::processDiscoveryResources}: a wildcard watch (CDS, LDS) gets every resource of the
     * response; a watch with names gets only the resources it names, and no update at all when the response names
     * none of them ("onConfigUpdate should be called only on watches(clusters/listeners) that have updates in the
     * message for EDS/RDS"). So a partial EDS, RDS or SDS response leaves every other name as it was.
     */
    private String apply(XdsType type, ApiState state, DiscoveryResponse response) {
        List<Message> resources = new ArrayList<>();
        for (Any any : response.getResourcesList()) {
            if (!any.getTypeUrl().equals(response.getTypeUrl())) {
                return any.getTypeUrl() + " does not match the message-wide type URL " + response.getTypeUrl();
            }
            try {
                resources.add(EnvoyResources.unpack(any, type.typeUrl()));
            } catch (InvalidProtocolBufferException e) {
                return "unreadable " + type + ": " + e.getMessage();
            }
        }
        if (state.names.isEmpty()) {
            return subscriber.onConfigUpdate(type, resources, List.of(), true);
        }
        List<Message> found = resources.stream()
                .filter(m -> state.names.contains(EnvoyResources.name(m)))
                .toList();
        return found.isEmpty() ? null : subscriber.onConfigUpdate(type, found, List.of(), true);
    }

    /** {@code GrpcMuxImpl::queueDiscoveryRequest}: dropped without a stream, held while paused. */
    private void queueDiscoveryRequest(XdsType type) {
        if (!streamAvailable()) {
            return; // The reconnect requests every subscription again.
        }
        ApiState state = state(type);
        if (state.pauses > 0) {
            state.pending = true;
            return;
        }
        sendDiscoveryRequest(type, state);
    }

    /** {@code GrpcMuxImpl::sendDiscoveryRequest}. */
    private void sendDiscoveryRequest(XdsType type, ApiState state) {
        DiscoveryRequest.Builder request = state.request;
        request.clearResourceNames().addAllResourceNames(state.names);
        if (options.nodeOnEveryRequest() || firstStreamRequest) {
            request.setNode(node);
        } else {
            request.clearNode();
        }
        sendMessage(request.build());
        request.clearErrorDetail();
    }

    private ApiState state(XdsType type) {
        return apiStates.computeIfAbsent(type, t -> new ApiState());
    }
}
