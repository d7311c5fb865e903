package dev.spillway.it.load;

import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.State;
import dev.spillway.server.metrics.ServerMetrics;
import dev.spillway.server.xds.AdsService;
import dev.spillway.server.xds.NackLog;
import dev.spillway.server.xds.ProxyIdentity;
import dev.spillway.server.xds.XdsServer;
import dev.spillway.snapshot.GroupSnapshot;
import dev.spillway.snapshot.Reconciler;
import dev.spillway.snapshot.SnapshotStore;
import dev.spillway.snapshot.XdsType;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import dev.spillway.translator.xds.XdsResources;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.controlplane.server.serializer.CachedProtoResourcesSerializer;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Server;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server side of the load harness, in a JVM of its own so its heap is measured without the clients'.
 * {@code LoadServer spillway|stock|stock-cached|stock-typed <upstreams> [<warm-up rounds>]}: serves
 * {@link LoadScenario}'s initial state on a free port, runs translation and snapshot building the given number of
 * times on scratch state (see {@link Side#warm}), prints {@code @ready <port>}, then answers one command per line on
 * stdin, one {@code @}-line each:
 * <ul>
 *   <li>{@code versions}: {@code @versions <cds> <eds> <lds> <rds>}, the versions served now;</li>
 *   <li>{@code change <k>}: applies change k (translate, build the snapshot, publish), then
 *       {@code @changed <nanos the change took here> <cds> <eds> <lds> <rds>};</li>
 *   <li>{@code stats}: {@code @stats <responses> <bytes> <process cpu ns> <gc ms> <streams> <nacks>} since start;</li>
 *   <li>{@code heap}: {@code @heap <bytes> <rss>}, heap used after full collections, and the resident set size;</li>
 *   <li>{@code quit}.</li>
 * </ul>
 * Bytes are serialized {@code DiscoveryResponse} sizes, counted the same way on both sides (HTTP/2 and gRPC
 * framing are not included).
 */
public final class LoadServer {
    private LoadServer() {}

    /** One control plane under test. */
    interface Side extends AutoCloseable {
        int port();

        /** Applies the inventory as version {@code k}. */
        void publish(Inventory inventory, int k);

        /**
         * Runs translation and snapshot building {@code rounds} times on scratch state that no stream sees, so the
         * JIT has compiled them before anything is measured (as in a control plane that has been up a while).
         */
        void warm(int rounds);

        /** CDS, EDS, LDS and RDS versions served now. */
        String versions();

        long responses();

        long bytes();

        int streams();

        long nacks();

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        // Only protocol lines on stdout: anything else printed by libraries goes to stderr.
        System.setOut(System.err);
        String mode = args[0];
        int upstreams = Integer.parseInt(args[1]);
        int warmRounds = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        // A restarted server: the port its predecessor had, and the changes it had applied (so it serves the same).
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int applied = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        LoadScenario scenario = new LoadScenario(upstreams);
        Inventory initial = scenario.inventory();
        checkTranslates(initial);
        try (Side side = switch (mode) {
            case "spillway" -> new SpillwaySide(initial, upstreams, port);
            case "stock" -> new StockSide(initial, upstreams, false, false, port);
            case "stock-cached" -> new StockSide(initial, upstreams, true, false, port);
            case "stock-typed" -> new StockSide(initial, upstreams, false, true, port);
            default ->
                throw new IllegalArgumentException(
                        "mode must be spillway, stock, stock-cached or stock-typed: " + mode);
        }) {
            side.warm(warmRounds);
            for (int k = 1; k <= applied; k++) {
                side.publish(scenario.change(k), k);
            }
            resetPeakHeap();
            out.println("@ready " + side.port());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split(" ");
                switch (words[0]) {
                    case "versions" -> out.println("@versions " + side.versions());
                    case "change" -> {
                        int k = Integer.parseInt(words[1]);
                        String kind = words.length > 2 ? words[2] : "endpoint";
                        long start = System.nanoTime();
                        side.publish(scenario.change(k, kind), k);
                        long took = System.nanoTime() - start;
                        out.println("@changed " + took + " " + side.versions());
                    }
                    case "stats" ->
                        out.println("@stats " + side.responses() + " " + side.bytes() + " " + cpuNanos() + " "
                                + gcMillis() + " " + side.streams() + " " + side.nacks());
                    case "heap" -> out.println("@heap " + heapAfterGc() + " " + residentBytes());
                    case "peak" -> {
                        out.println("@peak " + peakHeap() + " " + Thread.activeCount());
                        resetPeakHeap();
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> out.println("@error unknown command " + line);
                }
            }
        }
    }

    /** Fails unless the scenario translates cleanly for the gateway proxy. */
    private static void checkTranslates(Inventory inventory) {
        Translation t = Translator.translate(inventory);
        t.statuses().forEach((key, status) -> {
            if (status.state() != State.ACCEPTED) {
                throw new IllegalStateException("scenario does not translate cleanly: " + key + " " + status);
            }
        });
        XdsResources xds = t.groups().get(LoadScenario.GROUP);
        if (xds == null || xds.clusters().isEmpty() || xds.listeners().isEmpty()) {
            throw new IllegalStateException("scenario has no resources for " + LoadScenario.GROUP);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** The process's resident set size (VmRSS), 0 off Linux. */
    private static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    /** The most heap in use since the last reset, summed over the heap's pools (an upper bound of the peak). */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void resetPeakHeap() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Heap used after full collections: the smallest of three readings. */
    private static long heapAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            least = Math.min(
                    least,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** Spillway: reconciler, snapshot store, ADS service, the Netty server of {@code spillway serve}. */
    static final class SpillwaySide implements Side {
        private final SnapshotStore store = new SnapshotStore();
        private final Reconciler reconciler = new Reconciler(store, Reconciler.Settings.DEFAULT);
        private final AdsService ads;
        private final XdsServer server;
        private final int upstreams;

        SpillwaySide(Inventory initial, int upstreams, int port) throws Exception {
            this.upstreams = upstreams;
            reconciler.reconcileNow(initial);
            if (!store.knows(LoadScenario.GROUP)) {
                throw new IllegalStateException("nothing published for " + LoadScenario.GROUP);
            }
            ads = new AdsService(
                    store, new ProxyIdentity(() -> Set.of(LoadScenario.CLUSTER)), new NackLog(), new ServerMetrics());
            server = XdsServer.onPort(port, ads).start();
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public void publish(Inventory inventory, int k) {
            // Translation and publication on this thread, as the reconcile thread does after its debounce.
            reconciler.reconcileNow(inventory);
        }

        @Override
        public void warm(int rounds) {
            LoadScenario scratch = new LoadScenario(upstreams);
            try (Reconciler r = new Reconciler(new SnapshotStore(), Reconciler.Settings.DEFAULT)) {
                for (int k = 1; k <= rounds; k++) {
                    r.reconcileNow(scratch.change(k));
                }
            }
        }

        @Override
        public String versions() {
            GroupSnapshot s = store.get(LoadScenario.GROUP);
            return String.join(
                    " ",
                    s.of(XdsType.CLUSTER).version(),
                    s.of(XdsType.ENDPOINT).version(),
                    s.of(XdsType.LISTENER).version(),
                    s.of(XdsType.ROUTE).version());
        }

        @Override
        public long responses() {
            return ads.responsesSent();
        }

        @Override
        public long bytes() {
            return ads.bytesSent();
        }

        @Override
        public int streams() {
            return ads.connectedStreams().values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
        }

        @Override
        public long nacks() {
            return ads.nacks().total();
        }

        @Override
        public void close() {
            server.close();
            ads.close();
            reconciler.close();
        }
    }

    /**
     * Stock java-control-plane: a v3 {@link SimpleCache} grouping nodes by {@code node.cluster}, and a
     * {@link V3DiscoveryServer} with its defaults (direct executor, {@code DefaultProtoResourcesSerializer}; or,
     * for {@code stock-cached}, {@link CachedProtoResourcesSerializer}), on the same Netty settings as Spillway.
     * Every change is a freshly built full {@link Snapshot}, one version for every type ({@code v<k>}); or, for
     * {@code stock-typed}, a version per type from the hash of its resources, so unchanged types are not re-sent.
     */
    static final class StockSide implements Side {
        private final SimpleCache<String> cache = new SimpleCache<>(node -> node.getCluster());
        private final LongAdder responses = new LongAdder();
        private final LongAdder bytes = new LongAdder();
        private final LongAdder nacks = new LongAdder();
        private final AtomicInteger streams = new AtomicInteger();
        private final Server server;
        private final int upstreams;
        private final boolean typedVersions;

        StockSide(Inventory initial, int upstreams, boolean cachedSerializer, boolean typedVersions, int port)
                throws Exception {
            this.upstreams = upstreams;
            this.typedVersions = typedVersions;
            publish(initial, 0);
            DiscoveryServerCallbacks callbacks = new DiscoveryServerCallbacks() {
                @Override
                public void onStreamOpen(long streamId, String typeUrl) {
                    streams.incrementAndGet();
                }

                @Override
                public void onStreamClose(long streamId, String typeUrl) {
                    streams.decrementAndGet();
                }

                @Override
                public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
                    streams.decrementAndGet();
                }

                @Override
                public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
                    if (request.hasErrorDetail()) {
                        nacks.increment();
                    }
                }

                @Override
                public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
                    if (request.hasErrorDetail()) {
                        nacks.increment();
                    }
                }

                @Override
                public void onV3StreamDeltaResponse(
                        long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
                    responses.increment();
                    bytes.add(response.getSerializedSize());
                }

                @Override
                public void onV3StreamResponse(long streamId, DiscoveryRequest request, DiscoveryResponse response) {
                    responses.increment();
                    bytes.add(response.getSerializedSize());
                }
            };
            V3DiscoveryServer discovery = cachedSerializer
                    ? new V3DiscoveryServer(
                            List.of(callbacks), cache, new DefaultExecutorGroup(), new CachedProtoResourcesSerializer())
                    : new V3DiscoveryServer(callbacks, cache);
            server = XdsServer.nettyBuilder(port)
                    .addService(discovery.getAggregatedDiscoveryServiceImpl())
                    .build()
                    .start();
        }

        @Override
        public int port() {
            return server.getPort();
        }

        @Override
        public void publish(Inventory inventory, int k) {
            XdsResources xds = Translator.translate(inventory).groups().get(LoadScenario.GROUP);
            cache.setSnapshot(LoadScenario.PROXY, snapshot(xds, "v" + k));
        }

        private Snapshot snapshot(XdsResources xds, String version) {
            if (!typedVersions) {
                return Snapshot.create(
                        xds.clusters(), xds.endpoints(), xds.listeners(), xds.routes(), xds.secrets(), version);
            }
            // Protobuf messages hash by content; endpoints also carry the clusters' hash (as Spillway does).
            String clusters = hash(xds.clusters());
            return Snapshot.create(
                    xds.clusters(),
                    clusters,
                    xds.endpoints(),
                    clusters + hash(xds.endpoints()),
                    xds.listeners(),
                    hash(xds.listeners()),
                    xds.routes(),
                    hash(xds.routes()),
                    xds.secrets(),
                    hash(xds.secrets()));
        }

        private static String hash(List<?> resources) {
            return Integer.toHexString(resources.hashCode());
        }

        @Override
        public void warm(int rounds) {
            SimpleCache<String> scratchCache = new SimpleCache<>(node -> node.getCluster());
            LoadScenario scratch = new LoadScenario(upstreams);
            for (int k = 1; k <= rounds; k++) {
                XdsResources xds =
                        Translator.translate(scratch.change(k)).groups().get(LoadScenario.GROUP);
                scratchCache.setSnapshot(LoadScenario.PROXY, snapshot(xds, "w" + k));
            }
        }

        @Override
        public String versions() {
            Snapshot s = cache.getSnapshot(LoadScenario.PROXY);
            String v = s.clusters().version();
            return String.join(
                    " ",
                    v,
                    s.endpoints().version(),
                    s.listeners().version(),
                    s.routes().version());
        }

        @Override
        public long responses() {
            return responses.sum();
        }

        @Override
        public long bytes() {
            return bytes.sum();
        }

        @Override
        public int streams() {
            return streams.get();
        }

        @Override
        public long nacks() {
            return nacks.sum();
        }

        @Override
        public void close() {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
