package dev.spillway.it.load;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One ADS stream behaving like Envoy over state-of-the-world ADS: CDS and LDS wildcard; every response ACKed
 * (its {@code version_info} and {@code nonce}, the type's current resource names); after a CDS response, EDS
 * subscribed to the clusters' EDS service names, after an LDS response RDS to the HttpConnectionManagers' route
 * config names (a new request when the names change, sent after the ACK). The node goes on every request (the
 * stock server groups by the node of each request). Secrets are not subscribed: the scenario has none.
 *
 * <p>In delta mode ({@code --delta}) the same over incremental ADS: CDS and LDS wildcard, every response ACKed by
 * its nonce, EDS (RDS) subscribed to the names of the clusters (listeners) each CDS (LDS) response adds (names of
 * removed clusters stay subscribed: the scenario only moves hosts). The ACKed version is the response's
 * {@code system_version_info}.
 *
 * <p>Records, per type, the latest ACKed version and when the ACK was sent ({@link System#nanoTime()}).
 */
final class SimulatedEnvoy {
    static final int CDS = 0;
    static final int EDS = 1;
    static final int LDS = 2;
    static final int RDS = 3;
    static final String[] TYPE_URLS = {
        Resources.V3.CLUSTER_TYPE_URL,
        Resources.V3.ENDPOINT_TYPE_URL,
        Resources.V3.LISTENER_TYPE_URL,
        Resources.V3.ROUTE_TYPE_URL
    };
    static final String[] TYPE_NAMES = {"CDS", "EDS", "LDS", "RDS"};

    private static final String HCM_TYPE =
            "type.googleapis.com/" + HttpConnectionManager.getDescriptor().getFullName();

    /** One ACK: the version accepted and when the ACK went out. */
    record Ack(String version, long nanos, int resources) {}

    /** What all simulated proxies share: what they received, and names derived from a version (same for all). */
    static final class Shared {
        final LongAdder responses = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder errors = new LongAdder();
        /** Bytes received per type (CDS, EDS, LDS, RDS). */
        final LongAdder[] bytesByType = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
        /** Streams ended by the server and opened again (with {@link #reconnect}). */
        final LongAdder reconnects = new LongAdder();
        /**
         * A stream the server ends is opened again after a random wait below {@code reconnectJitterMillis}, as Envoy
         * does after its jittered backoff ({@code GrpcStream::onRemoteClose}): over SotW with the versions it
         * accepted and no nonce, over delta with the versions it holds ({@code initial_resource_versions}).
         */
        volatile boolean reconnect;

        volatile int reconnectJitterMillis = 1000;
        private final java.util.concurrent.ScheduledExecutorService scheduler =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "simulated-envoy-reconnect");
                    t.setDaemon(true);
                    return t;
                });
        private final Map<String, List<String>> names = new ConcurrentHashMap<>();

        /**
         * The EDS (from CDS) or RDS (from LDS) names a response asks for. Both servers send every stream of the
         * group the same resources under the same version, so each version is parsed once for all streams.
         */
        List<String> dependentNames(DiscoveryResponse r) {
            return names.computeIfAbsent(r.getTypeUrl() + "\n" + r.getVersionInfo(), k -> parseNames(r));
        }

        /** The same for a delta response: the names the resources it carries ask for. */
        List<String> dependentNames(DeltaDiscoveryResponse r) {
            return names.computeIfAbsent(
                    "delta\n" + r.getTypeUrl() + "\n" + r.getSystemVersionInfo() + "\n" + r.getResourcesCount(),
                    k -> parseNames(DiscoveryResponse.newBuilder()
                            .setTypeUrl(r.getTypeUrl())
                            .addAllResources(r.getResourcesList().stream()
                                    .map(Resource::getResource)
                                    .toList())
                            .build()));
        }
    }

    private final Node node;
    private final Shared shared;
    private final AtomicReferenceArray<Ack> acked = new AtomicReferenceArray<>(4);
    private final String[] nonces = {"", "", "", ""};
    private final String[] versions = {"", "", "", ""};
    private final List<List<String>> subscriptions =
            new ArrayList<>(List.of(List.of(), List.of(), List.of(), List.of()));
    private StreamObserver<DiscoveryRequest> requests;
    private StreamObserver<DeltaDiscoveryRequest> deltaRequests;
    /** The open stream's request side, for flow control: each response is asked for once the previous one is read. */
    private ClientCallStreamObserver<?> flow;

    private final boolean delta;
    private AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub;
    /** The stream generation: responses and ends of an earlier stream are ignored. */
    private int generation;
    /** Delta: name to version held, per type (kept only for reconnects). */
    private final List<Map<String, String>> held = List.of(
            new java.util.HashMap<>(), new java.util.HashMap<>(), new java.util.HashMap<>(), new java.util.HashMap<>());
    /** Not reading: responses stay in the transport until {@link #read} (a proxy stalled on a large push). */
    private boolean stalled;

    private boolean pendingRead;
    /** Delta: the names subscribed so far, per dependent type (EDS, RDS). */
    private final List<Set<String>> deltaSubscribed = List.of(new HashSet<>(), new HashSet<>());

    private volatile Throwable error;
    private volatile boolean completed;

    SimulatedEnvoy(int index, Shared shared) {
        this(index, shared, false);
    }

    SimulatedEnvoy(int index, Shared shared, boolean delta) {
        this.shared = shared;
        this.delta = delta;
        this.node = Node.newBuilder()
                .setId("envoy-" + index)
                .setCluster(LoadScenario.PROXY)
                .setUserAgentName("envoy")
                .setMetadata(Struct.newBuilder()
                        .putFields(
                                "cluster",
                                Value.newBuilder()
                                        .setStringValue(LoadScenario.CLUSTER)
                                        .build()))
                .build();
    }

    /**
     * A connection to the server as Envoy's HTTP/2 codec makes it: plaintext, responses read on the transport
     * thread, and no PINGs but keepalives. grpc-java's client probes bandwidth by default, a PING after every
     * response it reads; Envoy pings only from its keepalive timer ({@code ConnectionImpl::sendKeepalive},
     * source/common/http/http2/codec_impl.cc). A fixed window turns the probing off.
     */
    static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .directExecutor()
                .flowControlWindow(1 << 20)
                .maxInboundMessageSize(64 << 20)
                .build();
    }

    /** Opens the stream and subscribes to CDS and LDS (wildcard). */
    synchronized void start(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub) {
        this.stub = stub;
        open();
    }

    private void open() {
        int current = ++generation;
        if (delta) {
            deltaRequests = stub.deltaAggregatedResources(new DeltaResponses(current));
            deltaRequest(CDS, "", List.of());
            deltaRequest(LDS, "", List.of());
            for (int type : new int[] {EDS, RDS}) {
                Set<String> names = deltaSubscribed.get(type == EDS ? 0 : 1);
                if (!names.isEmpty()) {
                    deltaRequest(type, "", List.copyOf(names));
                }
            }
            return;
        }
        requests = stub.streamAggregatedResources(new SotwResponses(current));
        java.util.Arrays.fill(nonces, "");
        request(CDS);
        request(LDS);
        for (int type : new int[] {EDS, RDS}) {
            if (!subscriptions.get(type).isEmpty()) {
                request(type);
            }
        }
    }

    /** Stops reading responses (true) or reads again (false). */
    synchronized void stall(boolean stall) {
        stalled = stall;
        if (!stall && pendingRead && flow != null) {
            pendingRead = false;
            flow.request(1);
        }
    }

    /** After a response: asks for the next one, unless stalled. */
    private void read() {
        if (stalled) {
            pendingRead = true;
        } else if (flow != null) {
            flow.request(1);
        }
    }

    private synchronized void ended(int stream, Throwable t) {
        if (stream != generation) {
            return;
        }
        if (shared.reconnect) {
            shared.reconnects.increment();
            long wait = java.util.concurrent.ThreadLocalRandom.current()
                    .nextLong(Math.max(1, shared.reconnectJitterMillis));
            shared.scheduler.schedule(this::reopen, wait, java.util.concurrent.TimeUnit.MILLISECONDS);
            return;
        }
        if (t == null) {
            completed = true;
        } else {
            error = t;
            shared.errors.increment();
        }
    }

    private synchronized void reopen() {
        if (!completed && error == null) {
            open();
        }
    }

    /** Delta: ACKs every response; a CDS (LDS) response subscribes EDS (RDS) to the names it adds. */
    private synchronized void onDelta(DeltaDiscoveryResponse response) {
        int type = typeOf(response.getTypeUrl());
        shared.responses.increment();
        int size = response.getSerializedSize();
        shared.bytes.add(size);
        if (type < 0) {
            return;
        }
        shared.bytesByType[type].add(size);
        if (shared.reconnect) {
            Map<String, String> versions = held.get(type);
            response.getResourcesList().forEach(r -> versions.put(r.getName(), r.getVersion()));
            response.getRemovedResourcesList().forEach(versions::remove);
        }
        deltaRequest(type, response.getNonce(), List.of());
        acked.set(type, new Ack(response.getSystemVersionInfo(), System.nanoTime(), response.getResourcesCount()));
        if (type == CDS || type == LDS) {
            int dependent = type == CDS ? EDS : RDS;
            List<String> names = shared.dependentNames(response);
            Set<String> subscribed = deltaSubscribed.get(dependent == EDS ? 0 : 1);
            List<String> added = names.stream().filter(subscribed::add).toList();
            if (!added.isEmpty()) {
                deltaRequest(dependent, "", added);
            }
        }
    }

    private void deltaRequest(int type, String nonce, List<String> subscribe) {
        DeltaDiscoveryRequest.Builder request = DeltaDiscoveryRequest.newBuilder()
                .setNode(node)
                .setTypeUrl(TYPE_URLS[type])
                .setResponseNonce(nonce)
                .addAllResourceNamesSubscribe(subscribe);
        if (nonce.isEmpty()) {
            // The first request of the type on a stream: what the proxy holds (none on its first stream).
            request.putAllInitialResourceVersions(held.get(type));
        }
        deltaRequests.onNext(request.build());
    }

    private final class DeltaResponses
            implements ClientResponseObserver<DeltaDiscoveryRequest, DeltaDiscoveryResponse> {
        private final int stream;

        DeltaResponses(int stream) {
            this.stream = stream;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<DeltaDiscoveryRequest> requestStream) {
            requestStream.disableAutoRequestWithInitial(1);
            flow = requestStream;
        }

        @Override
        public void onNext(DeltaDiscoveryResponse response) {
            synchronized (SimulatedEnvoy.this) {
                if (stream == generation) {
                    onDelta(response);
                    read();
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            ended(stream, t);
        }

        @Override
        public void onCompleted() {
            ended(stream, null);
        }
    }

    private final class SotwResponses implements ClientResponseObserver<DiscoveryRequest, DiscoveryResponse> {
        private final int stream;

        SotwResponses(int stream) {
            this.stream = stream;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<DiscoveryRequest> requestStream) {
            requestStream.disableAutoRequestWithInitial(1);
            flow = requestStream;
        }

        @Override
        public void onNext(DiscoveryResponse response) {
            synchronized (SimulatedEnvoy.this) {
                if (stream == generation) {
                    SimulatedEnvoy.this.onNext(response);
                    read();
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            ended(stream, t);
        }

        @Override
        public void onCompleted() {
            ended(stream, null);
        }
    }

    private void onNext(DiscoveryResponse response) {
        int type = typeOf(response.getTypeUrl());
        shared.responses.increment();
        int size = response.getSerializedSize();
        shared.bytes.add(size);
        if (type < 0) {
            return;
        }
        shared.bytesByType[type].add(size);
        nonces[type] = response.getNonce();
        versions[type] = response.getVersionInfo();
        request(type);
        acked.set(type, new Ack(response.getVersionInfo(), System.nanoTime(), response.getResourcesCount()));
        if (type == CDS || type == LDS) {
            int dependent = type == CDS ? EDS : RDS;
            List<String> names = shared.dependentNames(response);
            if (!names.equals(subscriptions.get(dependent))) {
                subscriptions.set(dependent, names);
                request(dependent);
            }
        }
    }

    /** The latest ACK of a type, or null. */
    Ack acked(int type) {
        return acked.get(type);
    }

    /** Why the stream ended, or null while it is open. */
    String failure() {
        if (error != null) {
            return error.toString();
        }
        return completed ? "stream completed by the server" : null;
    }

    String id() {
        return node.getId();
    }

    /** Ends the stream (as a proxy shutting down). */
    synchronized void stop() {
        StreamObserver<?> open = delta ? deltaRequests : requests;
        boolean wasOpen = error == null && !completed;
        completed = true;
        if (open != null && wasOpen) {
            try {
                open.onCompleted();
            } catch (RuntimeException ignored) {
                // the channel is already gone
            }
        }
    }

    /** A request for the type: the initial one, an ACK, or a new subscription. */
    private void request(int type) {
        requests.onNext(DiscoveryRequest.newBuilder()
                .setNode(node)
                .setTypeUrl(TYPE_URLS[type])
                .setVersionInfo(versions[type])
                .setResponseNonce(nonces[type])
                .addAllResourceNames(subscriptions.get(type))
                .build());
    }

    private static int typeOf(String typeUrl) {
        for (int i = 0; i < TYPE_URLS.length; i++) {
            if (TYPE_URLS[i].equals(typeUrl)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> parseNames(DiscoveryResponse r) {
        TreeSet<String> names = new TreeSet<>();
        try {
            if (r.getTypeUrl().equals(Resources.V3.CLUSTER_TYPE_URL)) {
                for (Any any : r.getResourcesList()) {
                    Cluster c = any.unpack(Cluster.class);
                    if (c.getType() == Cluster.DiscoveryType.EDS) {
                        String service = c.getEdsClusterConfig().getServiceName();
                        names.add(service.isEmpty() ? c.getName() : service);
                    }
                }
            } else {
                for (Any any : r.getResourcesList()) {
                    Listener l = any.unpack(Listener.class);
                    if (l.hasApiListener()) {
                        addRds(l.getApiListener().getApiListener(), names);
                    }
                    for (FilterChain chain : l.getFilterChainsList()) {
                        for (Filter f : chain.getFiltersList()) {
                            addRds(f.getTypedConfig(), names);
                        }
                    }
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable " + r.getTypeUrl() + " response", e);
        }
        return List.copyOf(names);
    }

    private static void addRds(Any config, TreeSet<String> names) throws InvalidProtocolBufferException {
        if (config.getTypeUrl().equals(HCM_TYPE)) {
            HttpConnectionManager hcm = config.unpack(HttpConnectionManager.class);
            if (hcm.hasRds()) {
                names.add(hcm.getRds().getRouteConfigName());
            }
        }
    }
}
