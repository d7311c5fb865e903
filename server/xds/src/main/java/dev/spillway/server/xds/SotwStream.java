package dev.spillway.server.xds;

import com.google.protobuf.Any;
import dev.spillway.server.xds.SubscriptionIndex.Interest;
import dev.spillway.snapshot.GroupSnapshot;
import dev.spillway.snapshot.PreparedResource;
import dev.spillway.snapshot.ResourceChanges;
import dev.spillway.snapshot.TypeSnapshot;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state-of-the-world ADS stream. CDS and LDS responses carry every resource (Envoy removes what a response of a
 * wildcard type leaves out). EDS, RDS and SDS responses carry only what the client does not hold yet: the
 * resources whose version changed since this stream last sent them, and the names newly subscribed. Envoy's SotW
 * mux updates only the watches a response names and leaves the others as they are ({@code
 * GrpcMuxImpl::processDiscoveryResources}, source/extensions/config_subscription/grpc/grpc_mux_impl.cc: a watch
 * with names gets {@code onConfigUpdate} only when {@code found_resources} is not empty), so an EDS response with
 * one ClusterLoadAssignment changes one cluster's hosts.
 */
final class SotwStream extends AdsStream<DiscoveryRequest, DiscoveryResponse, SotwStream.SotwState> {
    private static final Logger LOG = LoggerFactory.getLogger(SotwStream.class);
    /** First partial answers, per type: the same for every stream with the same subscription and snapshot. */
    private static final Map<XdsType, FirstAnswers<Partial>> FIRST_PARTIALS = new EnumMap<>(XdsType.class);

    /** First partial responses without their nonce, per type: the same for every stream. */
    private static final Map<XdsType, FirstAnswers<DiscoveryResponse>> FIRST_RESPONSES = new EnumMap<>(XdsType.class);

    /** Full-state answers, per type: the same for every stream with the same subscription and snapshot. */
    private static final Map<XdsType, FirstAnswers<Selection>> SELECTIONS = new EnumMap<>(XdsType.class);

    static {
        for (XdsType type : XdsType.values()) {
            FIRST_PARTIALS.put(type, new FirstAnswers<>());
            SELECTIONS.put(type, new FirstAnswers<>());
            FIRST_RESPONSES.put(type, new FirstAnswers<>());
        }
    }

    /**
     * What a full-state response carries, and the response without its nonce: a stream's copy with its nonce shares
     * the resource list ({@code toBuilder} keeps the built message's list until it is changed).
     */
    private record Selection(List<PreparedResource> resources, DiscoveryResponse withoutNonce) {
        static Selection of(XdsType type, TypeSnapshot snapshot, List<PreparedResource> resources) {
            DiscoveryResponse.Builder response = DiscoveryResponse.newBuilder()
                    .setVersionInfo(snapshot.version())
                    .setTypeUrl(type.typeUrl());
            resources.forEach(r -> response.addResources(r.any()));
            return new Selection(resources, response.build());
        }

        DiscoveryResponse response(String nonce) {
            return withoutNonce.toBuilder().setNonce(nonce).build();
        }
    }

    /**
     * The SotW part of a type's state. For EDS, RDS and SDS the client holds, of every name it subscribed to at the
     * latest response and still subscribes to ({@link #holds}), the version of {@link #synced}, or an earlier one
     * for the few names {@link #synced} lacks ({@link #heldAbsent}). Only references to shared snapshots and small
     * sets: no per-name state per stream.
     */
    static final class SotwState extends TypeState {
        /** What the latest response answered, null before the first. */
        Interest sentInterest;
        /** The snapshot of the type the latest response was made from, null before the first. */
        TypeSnapshot synced;
        /** Held names to send again although unchanged: the assignments of clusters a CDS response re-created. */
        final Set<String> resend = new HashSet<>();
        /** Names of {@link #sentInterest} the client unsubscribed from since: a new subscription would not hold them. */
        final Set<String> dropped = new HashSet<>();
        /** Held names that {@link #synced} lacks (removed since they were sent, or answered by an empty assignment). */
        Set<String> heldAbsent = new HashSet<>();

        /** True when the client holds the name on its current subscription. */
        boolean holds(String name) {
            return sentInterest != null
                    && sentInterest.names().contains(name)
                    && !dropped.contains(name)
                    && (synced.resources().containsKey(name) || heldAbsent.contains(name));
        }
    }

    /**
     * What a partial response carries.
     *
     * @param resources the resources the client lacks or holds at another version
     * @param empty     subscribed endpoint names the snapshot lacks and the client never got: empty assignments
     * @param examined  the names looked at (to carry the state forward)
     */
    record Partial(List<PreparedResource> resources, List<String> empty, Collection<String> examined) {
        boolean isEmpty() {
            return resources.isEmpty() && empty.isEmpty();
        }
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
        List<String> names = request.getResourceNamesList();
        boolean all = names.contains("*") || (names.isEmpty() && !type.namedByClient());
        Interest before = state.interest;
        subscribe(type, state, all, names);
        resumeIfCurrent(type, state, request.getVersionInfo());
        if (state.interest != before && state.sentInterest != null) {
            for (String name : state.sentInterest.names()) {
                if (!state.interest.names().contains(name)) {
                    state.dropped.add(name);
                }
            }
        }
        push();
    }

    /**
     * A proxy that reconnects (to this server, or to a restarted one) asks for each type again with the version it
     * last accepted and no nonce ({@code GrpcMuxImpl::onStreamEstablished} clears the nonces and keeps
     * {@code version_info}, source/extensions/config_subscription/grpc/grpc_mux_impl.cc). Versions are content
     * hashes, the same in every process, so a CDS or LDS request at the current version already holds every
     * resource of it: it is taken as answered and nothing is sent until the type changes. Named types are always
     * answered: their version says nothing about names the proxy added just before the stream ended.
     */
    private void resumeIfCurrent(XdsType type, SotwState state, String version) {
        if (group() == null
                || state.sentVersion != null
                || version.isEmpty()
                || !fullState(type, state)
                || !ctx.store().knows(group())) {
            return;
        }
        TypeSnapshot current = ctx.store().get(group()).of(type);
        if (version.equals(current.version())) {
            state.synced = current;
            state.sentVersion = version;
            state.sentInterest = state.interest;
            state.sentNames = current.resources().keySet();
            ctx.metrics().onResumed(group(), type);
        }
    }

    @Override
    Set<String> subscribedNames(SotwState state) {
        return state.interest.names();
    }

    @Override
    boolean answeredBefore(SotwState state, String name) {
        return state.holds(name);
    }

    @Override
    boolean needsSend(XdsType type, SotwState state, GroupSnapshot snapshot) {
        if (fullState(type, state)) {
            // A NACKed response stays the latest sent, so the same version for the same names is not sent again.
            return !(snapshot.of(type).version().equals(state.sentVersion)
                    && state.interest.equals(state.sentInterest));
        }
        return state.sentVersion == null
                || !partial(type, state, snapshot.of(type)).isEmpty();
    }

    @Override
    void send(XdsType type, SotwState state, GroupSnapshot snapshot) {
        TypeSnapshot resources = snapshot.of(type);
        TypeSnapshot before = state.synced;
        String nonce = nextNonce();
        Collection<String> names;
        DiscoveryResponse response;
        if (fullState(type, state)) {
            Selection selection = SELECTIONS
                    .get(type)
                    .of(
                            resources,
                            state.interest,
                            () -> Selection.of(type, resources, select(type, state.interest, resources)));
            List<PreparedResource> selected = selection.resources();
            response = selection.response(nonce);
            names = selected.size() == resources.resources().size()
                    ? resources.resources().keySet()
                    : selected.stream().map(PreparedResource::name).toList();
            state.heldAbsent = Set.of();
        } else {
            Partial partial = partial(type, state, resources);
            response = state.synced == null
                    ? FIRST_RESPONSES
                            .get(type)
                            .of(resources, state.interest, () -> unsent(type, resources, partial))
                            .toBuilder()
                            .setNonce(nonce)
                            .build()
                    : unsent(type, resources, partial).toBuilder()
                            .setNonce(nonce)
                            .build();
            state.heldAbsent = heldAbsentAfter(state, partial, resources);
            // A first answer to a proxy subscribed to every name is every resource: kept as the snapshot's own view,
            // so no stream holds a list of ten thousand names until its next response.
            names = partial.empty().isEmpty()
                            && partial.resources().size()
                                    == resources.resources().size()
                    ? resources.resources().keySet()
                    : Stream.concat(partial.resources().stream().map(PreparedResource::name), partial.empty().stream())
                            .toList();
        }
        state.synced = resources;
        state.sentInterest = state.interest;
        state.resend.clear();
        state.dropped.clear();
        if (type == XdsType.CLUSTER) {
            resendAssignmentsOfChanged(before, snapshot);
        }
        respond(type, state, response, nonce, resources.version(), names);
    }

    /**
     * A partial response without its nonce: what the client lacks, and an empty assignment for each subscribed
     * cluster the snapshot lacks.
     */
    private static DiscoveryResponse unsent(XdsType type, TypeSnapshot resources, Partial partial) {
        DiscoveryResponse.Builder response = DiscoveryResponse.newBuilder()
                .setVersionInfo(resources.version())
                .setTypeUrl(type.typeUrl());
        partial.resources().forEach(r -> response.addResources(r.any()));
        partial.empty()
                .forEach(name -> response.addResources(Any.pack(
                        ClusterLoadAssignment.newBuilder().setClusterName(name).build())));
        return response.build();
    }

    /** CDS and LDS, and a named type subscribed to with the wildcard, are answered with every resource. */
    private static boolean fullState(XdsType type, SotwState state) {
        return !type.namedByClient() || state.interest.all();
    }

    /**
     * The resources the client lacks. Only names that may differ are examined: those the snapshot changed since the
     * latest response (one diff shared by every stream, {@link ResourceChanges}), the ones to send again, held ones
     * the snapshot lacked, and, when the subscription changed, the subscribed names not held.
     */
    private static Partial partial(XdsType type, SotwState state, TypeSnapshot resources) {
        Interest interest = state.interest;
        if (state.synced == null) {
            // Nothing held yet: the answer is every subscribed resource, whatever the stream.
            return FIRST_PARTIALS
                    .get(type)
                    .of(resources, interest, () -> examine(type, state, resources, interest.names()));
        }
        TreeSet<String> examined = new TreeSet<>();
        for (String name : ResourceChanges.between(state.synced, resources)) {
            if (interest.wants(name)) {
                examined.add(name);
            }
        }
        Stream.concat(state.resend.stream(), state.heldAbsent.stream())
                .filter(interest::wants)
                .forEach(examined::add);
        if (!interest.equals(state.sentInterest) || !state.dropped.isEmpty()) {
            interest.names().stream().filter(n -> !state.holds(n)).forEach(examined::add);
        }
        return examine(type, state, resources, examined);
    }

    private static Partial examine(XdsType type, SotwState state, TypeSnapshot resources, Collection<String> examined) {
        List<PreparedResource> send = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (String name : examined) {
            PreparedResource r = resources.resources().get(name);
            if (r != null) {
                if (!state.holds(name)
                        || state.resend.contains(name)
                        || state.heldAbsent.contains(name)
                        || !r.version()
                                .equals(state.synced.resources().get(name).version())) {
                    send.add(r);
                }
            } else if (type == XdsType.ENDPOINT && !name.equals("*") && !state.holds(name)) {
                // A cluster the client warms whose removal it has not received yet (its CDS ACK is held until the
                // cluster has endpoints). An empty assignment lets Envoy initialize it without hosts, ACK, and get
                // the newer clusters; a held name is left out, so a cluster still serving keeps its hosts.
                empty.add(name);
            }
        }
        return new Partial(List.copyOf(send), List.copyOf(empty), examined);
    }

    /** The names held after the response that the snapshot lacks: removed since they were held, or sent empty. */
    private static Set<String> heldAbsentAfter(SotwState state, Partial partial, TypeSnapshot resources) {
        if (state.synced == null) {
            return partial.empty().isEmpty() ? Set.of() : new HashSet<>(partial.empty());
        }
        Set<String> absent = new HashSet<>(partial.empty());
        for (String name : partial.examined()) {
            if (!resources.resources().containsKey(name) && state.holds(name)) {
                absent.add(name);
            }
        }
        return absent;
    }

    /**
     * A changed cluster is re-created by Envoy and warms until it gets endpoints again, even unchanged ones
     * (envoyproxy/envoy#13009); an unchanged one is skipped ({@code ClusterManagerImpl::addOrUpdateCluster} compares
     * the definition's hash, source/common/upstream/cluster_manager_impl.cc) and keeps its hosts. So the next EDS
     * response carries the assignments of the clusters this CDS response added or changed, and only those. EDS
     * responses may go out before this one (they never wait on clusters, see PushOrder), so this holds for names
     * already sent.
     */
    private void resendAssignmentsOfChanged(TypeSnapshot clustersBefore, GroupSnapshot snapshot) {
        SotwState endpoints = state(XdsType.ENDPOINT);
        if (endpoints.synced == null) {
            return; // nothing held: every subscribed name is sent anyway
        }
        for (String cluster : ResourceChanges.between(clustersBefore, snapshot.of(XdsType.CLUSTER))) {
            String service = snapshot.edsServiceName(cluster);
            if (service != null && endpoints.holds(service)) {
                endpoints.resend.add(service);
            }
        }
    }

    /** All resources for a wildcard subscription, else the named ones that exist. */
    static List<PreparedResource> select(XdsType type, Interest interest, TypeSnapshot resources) {
        if (interest.all() || (interest.names().isEmpty() && !type.namedByClient())) {
            return List.copyOf(resources.resources().values());
        }
        return interest.names().stream()
                .map(resources.resources()::get)
                .filter(Objects::nonNull)
                .toList();
    }
}
