package dev.spillway.server.xds;

import com.google.protobuf.Any;
import dev.spillway.snapshot.GroupSnapshot;
import dev.spillway.snapshot.PreparedResource;
import dev.spillway.snapshot.TypeSnapshot;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.stub.StreamObserver;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A state-of-the-world ADS stream: every response carries all the resources of its type the client wants. */
final class SotwStream extends AdsStream<DiscoveryRequest, DiscoveryResponse, SotwStream.SotwState> {
    private static final Logger LOG = LoggerFactory.getLogger(SotwStream.class);

    /** The SotW part of a type's state. */
    static final class SotwState extends TypeState {
        /** The names the client asked for (none for a wildcard type means all). */
        SortedSet<String> subscription = new TreeSet<>();
        /** The names the latest response answered. */
        Set<String> sentSubscription;
        /** Answer again even with nothing new: endpoints after every cluster response. */
        boolean answerAgain;
        /** The names any response of this stream carried. */
        final Set<String> everSent = new HashSet<>();
    }

    SotwStream(AdsContext ctx, StreamObserver<DiscoveryResponse> responses) {
        super(ctx, AdsService.SOTW, responses, SotwState::new);
    }

    @Override
    void handle(DiscoveryRequest request) {
        identify(request.hasNode(), request.getNode());
        XdsType type = XdsType.of(request.getTypeUrl()).orElse(null);
        if (type == null) {
            LOG.debug(
                    "proxy {} (group {}): ignoring request for unserved type {}",
                    nodeId(),
                    group(),
                    request.getTypeUrl());
            return;
        }
        SotwState state = state(type);
        if (!request.getResponseNonce().equals(state.nonce)) {
            // A stale nonce: the client has not seen our latest response yet and will answer it (xDS protocol).
            LOG.debug(
                    "proxy {} (group {}): {} request with stale nonce {} ignored",
                    nodeId(),
                    group(),
                    type,
                    request.getResponseNonce());
            return;
        }
        answered(type, state, request.hasErrorDetail() ? request.getErrorDetail() : null);
        state.requested = true;
        TreeSet<String> names = new TreeSet<>(request.getResourceNamesList());
        // Most requests are ACKs repeating the same names: keep one shared copy per stream, not one per request.
        if (!names.equals(state.subscription)) {
            state.subscription = names;
        }
        push();
    }

    @Override
    Set<String> subscribedNames(SotwState state) {
        return state.subscription;
    }

    @Override
    boolean answeredBefore(SotwState state, String name) {
        return state.everSent.contains(name);
    }

    @Override
    boolean needsSend(XdsType type, SotwState state, GroupSnapshot snapshot) {
        // A NACKed response stays the latest sent, so the same version for the same names is not sent again.
        return state.answerAgain
                || !(snapshot.of(type).version().equals(state.sentVersion)
                        && state.subscription.equals(state.sentSubscription));
    }

    @Override
    void send(XdsType type, SotwState state, GroupSnapshot snapshot) {
        TypeSnapshot resources = snapshot.of(type);
        List<PreparedResource> selected = select(type, state.subscription, resources);
        List<String> absent = type == XdsType.ENDPOINT ? neverSentAbsent(state, resources) : List.of();
        String nonce = nextNonce();
        DiscoveryResponse response = DiscoveryResponse.newBuilder()
                .setVersionInfo(resources.version())
                .setTypeUrl(type.typeUrl())
                .setNonce(nonce)
                .addAllResources(selected.stream().map(PreparedResource::any).toList())
                .addAllResources(absent.stream()
                        .map(name -> Any.pack(ClusterLoadAssignment.newBuilder()
                                .setClusterName(name)
                                .build()))
                        .toList())
                .build();
        selected.forEach(r -> state.everSent.add(r.name()));
        state.everSent.addAll(absent);
        state.sentSubscription = state.subscription;
        state.answerAgain = false;
        if (type == XdsType.CLUSTER) {
            // A changed cluster is re-created by Envoy and warms until it gets endpoints again, even unchanged
            // ones (envoyproxy/envoy#13009). Endpoints may have gone out before this response (they never wait
            // on clusters, see PushOrder), so they are answered once more after it.
            state(XdsType.ENDPOINT).answerAgain = true;
        }
        List<String> names = Stream.concat(selected.stream().map(PreparedResource::name), absent.stream())
                .toList();
        respond(type, state, response, nonce, resources.version(), names);
    }

    /**
     * Subscribed endpoint names the snapshot lacks and this stream never answered: a cluster the client warms
     * whose removal it has not received yet (its CDS ACK is held until the cluster has endpoints). An empty
     * assignment lets Envoy initialize it without hosts, ACK, and get the newer clusters; a name answered before
     * is left out, so a cluster still serving keeps its hosts (GrpcMuxImpl::processDiscoveryResources updates
     * only the watches a response names).
     */
    private static List<String> neverSentAbsent(SotwState state, TypeSnapshot resources) {
        return state.subscription.stream()
                .filter(name ->
                        !name.equals("*") && !resources.resources().containsKey(name) && !state.everSent.contains(name))
                .toList();
    }

    /** All resources for a wildcard subscription, else the named ones that exist. */
    static List<PreparedResource> select(XdsType type, SortedSet<String> names, TypeSnapshot resources) {
        if (names.contains("*") || (names.isEmpty() && !type.namedByClient())) {
            return List.copyOf(resources.resources().values());
        }
        return names.stream()
                .map(resources.resources()::get)
                .filter(Objects::nonNull)
                .toList();
    }
}
