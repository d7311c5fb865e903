package dev.spillway.server.xds;

import dev.spillway.server.xds.SubscriptionIndex.Interest;
import dev.spillway.snapshot.GroupSnapshot;
import dev.spillway.snapshot.PreparedResource;
import dev.spillway.snapshot.ResourceChanges;
import dev.spillway.snapshot.TypeSnapshot;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.grpc.stub.StreamObserver;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An incremental (delta) ADS stream: only what changed since what the client has is sent. */
final class DeltaStream extends AdsStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse, DeltaStream.DeltaState> {
    private static final Logger LOG = LoggerFactory.getLogger(DeltaStream.class);
    private static final String WILDCARD = "*";
    /** The version of a subscribed resource the client was told does not exist. */
    private static final String ABSENT = "";

    /** The delta part of a type's state. */
    static final class DeltaState extends TypeState {
        boolean wildcard;
        /** The subscription is in the stream registry's index (it can be only once the stream named its group). */
        boolean indexed;
        /** What the client has: seeded from initial_resource_versions, then what was sent. */
        final HeldVersions known = new HeldVersions();
        /** Subscribed names the snapshot lacks are answered as removed (EDS only, see {@link #diff}). */
        boolean reportsAbsent;
        /**
         * The names the client had at any time: sent on this stream, or in its initial_resource_versions. Kept for
         * secrets and route configurations only, the types {@code AdsStream.supersedes} asks about.
         */
        final Set<String> everHeld = new HashSet<>();

        boolean tracksEverHeld;
        /**
         * The snapshot the latest response brought the client to: it then holds each wanted resource of it at its
         * version, so the next response need only look at the names that changed since (one diff shared by every
         * stream, {@link ResourceChanges}), plus {@link #recheck}. Null before the first response.
         */
        TypeSnapshot synced;
        /**
         * The diff {@link #needsSend} worked out, for the snapshot it was worked out for: {@link #send} follows it at
         * once in the same push, and sends it without working it out again.
         */
        Diff worked;

        TypeSnapshot workedFor;

        /** The subscription changed since the latest response: every wanted name is looked at again. */
        boolean dirty = true;
        /** Names to look at again although unchanged: assignments of clusters a CDS response re-created. */
        private Set<String> recheck = Set.of();

        /** Looks at the name again in the next response. */
        void recheck(String name) {
            if (recheck.isEmpty()) {
                recheck = new HashSet<>();
            }
            recheck.add(name);
        }

        /** The names subscribed to besides the wildcard: the subscription's shared copy. */
        Set<String> subscribed() {
            return interest.names();
        }
    }

    /** What a response carries. */
    record Diff(List<PreparedResource> updated, List<String> removed) {
        boolean isEmpty() {
            return updated.isEmpty() && removed.isEmpty();
        }
    }

    /**
     * A response without its nonce, and what it carries.
     *
     * @param everything it carries every resource of the snapshot the subscription wants, to a client that held
     *                   nothing
     */
    private record Answer(Diff diff, DeltaDiscoveryResponse unsent, boolean everything) {}

    /**
     * The answer to a client that holds nothing yet depends only on the snapshot and the subscription, not on the
     * stream: a thousand proxies connecting at once each get the one answer, worked out once per type.
     */
    private static final Map<XdsType, FirstAnswers<Answer>> FIRST_ANSWERS = new EnumMap<>(XdsType.class);

    static {
        for (XdsType type : XdsType.values()) {
            FIRST_ANSWERS.put(type, new FirstAnswers<>());
        }
    }

    DeltaStream(AdsContext ctx, StreamObserver<DeltaDiscoveryResponse> responses) {
        super(ctx, AdsService.DELTA, responses, DeltaState::new);
    }

    @Override
    void handle(DeltaDiscoveryRequest request) {
        identify(request.hasNode(), request.getNode());
        XdsType type = XdsType.of(request.getTypeUrl()).orElse(null);
        if (type == null) {
            LOG.debug(
                    "proxy {} (group {}): ignoring delta request for unserved type {}",
                    nodeId(),
                    group(),
                    request.getTypeUrl());
            return;
        }
        DeltaState state = state(type);
        TypeSnapshot current = group() != null && ctx.store().knows(group())
                ? ctx.store().get(group()).of(type)
                : null;
        if (!state.requested) {
            state.requested = true;
            state.tracksEverHeld = type == XdsType.SECRET || type == XdsType.ROUTE;
            request.getInitialResourceVersionsMap().forEach((name, version) -> {
                PreparedResource served =
                        current == null ? null : current.resources().get(name);
                String held = served == null ? name : served.name();
                state.known.put(held, served != null && served.version().equals(version) ? served.version() : version);
                if (state.tracksEverHeld) {
                    state.everHeld.add(held);
                }
            });
            state.wildcard = !type.namedByClient() && request.getResourceNamesSubscribeCount() == 0;
            state.reportsAbsent = type == XdsType.ENDPOINT;
        }
        // Subscription changes are increments: unlike SotW, they count even with a stale nonce.
        if (!state.indexed
                || request.getResourceNamesSubscribeCount() > 0
                || request.getResourceNamesUnsubscribeCount() > 0) {
            Interest before = state.interest;
            subscribeTo(type, state, subscription(state, current, request));
            if (state.interest != before) {
                state.dirty = true;
            }
        }
        String nonce = request.getResponseNonce();
        if (nonce.equals(state.nonce)) {
            answered(type, state, request.hasErrorDetail() ? request.getErrorDetail() : null);
        } else if (!nonce.isEmpty()) {
            LOG.debug("proxy {} (group {}): {} answer with stale nonce {} ignored", nodeId(), group(), type, nonce);
        }
        push();
    }

    /**
     * The names subscribed to after the request. A first subscription is the request's own list as it is: a thousand
     * proxies subscribing at once to the same ten thousand names then each find the shared copy in the index
     * ({@link SubscriptionIndex#subscribe}) without building a set of their own.
     */
    private static Collection<String> subscription(
            DeltaState state, TypeSnapshot current, DeltaDiscoveryRequest request) {
        List<String> subscribing = request.getResourceNamesSubscribeList();
        if (state.subscribed().isEmpty()
                && request.getResourceNamesUnsubscribeCount() == 0
                && !subscribing.contains(WILDCARD)) {
            return subscribing;
        }
        Set<String> names = new HashSet<>(state.subscribed());
        subscribe(state, names, canonical(current, subscribing));
        unsubscribe(state, names, request.getResourceNamesUnsubscribeList());
        return names;
    }

    /**
     * The names as the snapshot holds them: a thousand streams subscribing to the same names then share one copy of
     * each (a name parsed from a request is a string of its own).
     */
    private static List<String> canonical(TypeSnapshot current, List<String> names) {
        if (current == null) {
            return names;
        }
        List<String> shared = new java.util.ArrayList<>(names.size());
        for (String name : names) {
            PreparedResource served = current.resources().get(name);
            shared.add(served == null ? name : served.name());
        }
        return shared;
    }

    private static void subscribe(DeltaState state, Set<String> subscribed, List<String> names) {
        for (String name : names) {
            if (name.equals(WILDCARD)) {
                state.wildcard = true;
            } else {
                subscribed.add(name);
            }
        }
    }

    private static void unsubscribe(DeltaState state, Set<String> subscribed, List<String> names) {
        for (String name : names) {
            if (name.equals(WILDCARD)) {
                state.wildcard = false;
            } else {
                subscribed.remove(name);
                if (!state.wildcard) {
                    state.known.remove(name);
                }
            }
        }
    }

    /**
     * Takes the subscription's shared copy from the index; before the stream names its group there is no index to
     * be in, and the subscription is kept as the stream's own until then.
     */
    private void subscribeTo(XdsType type, DeltaState state, Collection<String> names) {
        if (group() == null) {
            state.interest = Interest.of(state.wildcard, names);
            return;
        }
        if (!state.indexed) {
            state.interest = Interest.NONE;
            state.indexed = true;
        }
        subscribe(type, state, state.wildcard, names);
    }

    @Override
    Set<String> subscribedNames(DeltaState state) {
        return state.subscribed();
    }

    @Override
    boolean answeredBefore(DeltaState state, String name) {
        return state.everHeld.contains(name) || state.known.containsKey(name);
    }

    @Override
    boolean needsSend(XdsType type, DeltaState state, GroupSnapshot snapshot) {
        // The first request of a type is always answered, even with nothing new, so no client waits for it.
        TypeSnapshot resources = snapshot.of(type);
        Diff diff = fresh(state) ? firstAnswer(type, state, resources).diff() : diff(state, resources);
        boolean needed = state.sentVersion == null || !diff.isEmpty();
        state.worked = needed ? diff : null;
        state.workedFor = needed ? resources : null;
        return needed;
    }

    @Override
    void send(XdsType type, DeltaState state, GroupSnapshot snapshot) {
        TypeSnapshot resources = snapshot.of(type);
        String nonce = nextNonce();
        Diff worked = state.workedFor == resources ? state.worked : null;
        state.worked = null;
        state.workedFor = null;
        Answer answer = fresh(state)
                ? firstAnswer(type, state, resources)
                : answer(type, state, resources, worked != null ? worked : diff(state, resources));
        Diff diff = answer.diff();
        DeltaDiscoveryResponse response =
                answer.unsent().toBuilder().setNonce(nonce).build();
        sent(state, diff, resources, answer.everything());
        if (type == XdsType.CLUSTER) {
            forgetEndpointsOf(diff.updated(), snapshot);
        }
        respond(type, state, response, nonce, resources.version(), sentNames(diff, resources));
    }

    /**
     * The names a response carried, kept until it is answered (for a NACK's record): the snapshot's own when it
     * carried every resource of it, as a first response mostly does, so a thousand streams do not each keep a copy.
     */
    private static Collection<String> sentNames(Diff diff, TypeSnapshot resources) {
        if (diff.updated().size() == resources.resources().size()) {
            return Collections.unmodifiableSet(resources.resources().keySet());
        }
        return diff.updated().stream().map(PreparedResource::name).toList();
    }

    /**
     * Records what a response carried. The client is taken to have what was sent even if it NACKs it, so a rejected
     * version is not resent.
     */
    static void sent(DeltaState state, Diff diff, TypeSnapshot resources) {
        sent(state, diff, resources, carriesEverything(state, diff, resources));
    }

    /** True when the client held nothing and the diff brings it every resource it wants of the snapshot. */
    private static boolean carriesEverything(DeltaState state, Diff diff, TypeSnapshot resources) {
        // The diff takes only wanted resources, each once: as many as the subscription wants are all of them.
        return state.known.isEmpty() && diff.updated().size() == HeldVersions.viewSize(resources, state.interest);
    }

    private static void sent(DeltaState state, Diff diff, TypeSnapshot resources, boolean everything) {
        if (everything) {
            state.known.holdEvery(resources, state.interest);
        } else {
            diff.updated().forEach(r -> state.known.put(r.name(), r.version()));
        }
        if (state.tracksEverHeld) {
            diff.updated().forEach(r -> state.everHeld.add(r.name()));
        }
        diff.removed().forEach(name -> {
            if (state.subscribed().contains(name) && state.reportsAbsent) {
                state.known.put(name, ABSENT);
            } else {
                state.known.remove(name);
            }
        });
        state.known.rebase(resources, state.interest);
        state.synced = resources;
        state.dirty = false;
        // Let go of the set: a first CDS response has every assignment looked at again, and a cleared set keeps
        // its table.
        state.recheck = Set.of();
    }

    /**
     * A changed cluster is re-created by Envoy and warms until it gets endpoints again, even unchanged ones
     * (envoyproxy/envoy#13009), so its ClusterLoadAssignment is sent again.
     */
    private void forgetEndpointsOf(List<PreparedResource> clusters, GroupSnapshot snapshot) {
        DeltaState endpoints = state(XdsType.ENDPOINT);
        if (endpoints.known.isEmpty()) {
            // It was never sent an assignment: its first EDS response looks at every subscribed name anyway.
            return;
        }
        for (PreparedResource r : clusters) {
            String service = snapshot.edsServiceName(r.name());
            if (service != null) {
                endpoints.known.remove(service);
                endpoints.recheck(service);
            }
        }
    }

    static Diff diff(DeltaState state, TypeSnapshot resources) {
        if (!state.dirty && state.synced != null) {
            return changedSince(state, resources);
        }
        Collection<PreparedResource> wanted = state.wildcard
                ? resources.resources().values()
                : state.subscribed().stream()
                        .map(resources.resources()::get)
                        .filter(Objects::nonNull)
                        .toList();
        List<PreparedResource> updated = wanted.stream()
                .filter(r -> !r.version().equals(state.known.get(r.name())))
                .toList();
        Set<String> removed = new TreeSet<>();
        state.known.forEach((name, version) -> {
            if (!resources.resources().containsKey(name) && !version.equals(ABSENT)) {
                removed.add(name);
            }
        });
        if (state.reportsAbsent) {
            // A cluster the client warms may be gone from the snapshot (a newer change removed it) before its
            // endpoints were sent; its CDS ACK is held until it has them. Told they are removed, Envoy initializes
            // it without hosts (EdsClusterImpl::onConfigUpdate with no resources calls onPreInitComplete,
            // source/extensions/clusters/eds/eds.cc), ACKs, and gets the newer clusters.
            state.subscribed().stream()
                    .filter(name -> !resources.resources().containsKey(name) && !state.known.containsKey(name))
                    .forEach(removed::add);
        }
        return new Diff(updated, List.copyOf(removed));
    }

    /**
     * The same as the whole diff when the client holds {@link DeltaState#synced}: only the names that differ from it
     * (and those to look at again) can need an update or a removal. In the whole diff's order: by name.
     */
    private static Diff changedSince(DeltaState state, TypeSnapshot resources) {
        Set<String> changed = ResourceChanges.between(state.synced, resources);
        if (changed.isEmpty() && state.recheck.isEmpty()) {
            return new Diff(List.of(), List.of());
        }
        TreeSet<String> names = new TreeSet<>(changed);
        names.addAll(state.recheck);
        List<PreparedResource> updated = new java.util.ArrayList<>();
        List<String> removed = new java.util.ArrayList<>();
        for (String name : names) {
            PreparedResource r = resources.resources().get(name);
            String held = state.known.get(name);
            if (r != null) {
                if ((state.wildcard || state.subscribed().contains(name))
                        && !r.version().equals(held)) {
                    updated.add(r);
                }
            } else if (held != null
                    ? !held.equals(ABSENT)
                    : state.reportsAbsent && state.subscribed().contains(name)) {
                removed.add(name);
            }
        }
        return new Diff(updated, removed);
    }

    /** The client holds nothing and was never answered: its answer is the one every such client gets. */
    private static boolean fresh(DeltaState state) {
        return state.synced == null && state.known.isEmpty();
    }

    private static Answer firstAnswer(XdsType type, DeltaState state, TypeSnapshot resources) {
        return FIRST_ANSWERS
                .get(type)
                .of(resources, state.interest, () -> answer(type, state, resources, diff(state, resources)));
    }

    private static Answer answer(XdsType type, DeltaState state, TypeSnapshot resources, Diff diff) {
        DeltaDiscoveryResponse unsent = DeltaDiscoveryResponse.newBuilder()
                .setSystemVersionInfo(resources.version())
                .setTypeUrl(type.typeUrl())
                .addAllResources(
                        diff.updated().stream().map(PreparedResource::delta).toList())
                .addAllRemovedResources(diff.removed())
                .build();
        return new Answer(diff, unsent, carriesEverything(state, diff, resources));
    }
}
