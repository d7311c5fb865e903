package dev.spillway.it.load;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.grpc.ManagedChannel;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The ADS load harness ({@code make load}; not a test). For each N, for Spillway and for a stock
 * java-control-plane {@code SimpleCache} fed a freshly built full snapshot per change: starts each server in a
 * child JVM of its own ({@link LoadServer}), opens N ADS streams to each acting as Envoy ({@link SimulatedEnvoy}),
 * waits until every stream has ACKed the initial CDS, EDS, LDS and RDS, measures each server's heap, then makes a
 * number of changes (each moves one upstream's host; see {@link LoadScenario}), interleaved between the servers,
 * and measures, per change, the time from asking the server to change until every one of its streams has ACKed
 * every new version, and the bytes the server sent.
 *
 * <p>Arguments (all optional, in any order, whitespace-separated also within one argument):
 * {@code 200,1000} the stream counts; {@code --changes 20} measured changes per run; {@code --warmup 10}
 * unmeasured changes first; {@code --server-warmup 200} translations and snapshot builds the server runs on
 * scratch state before it serves (JIT warm-up); {@code --upstreams 100}; {@code --streams-per-connection 1};
 * {@code --servers spillway,stock} (also {@code stock-cached}: the stock server with
 * {@code CachedProtoResourcesSerializer}; {@code stock-typed}: the stock server fed a version per type);
 * {@code --server-jvm -Xms1g -Xmx1g -XX:+UseG1GC} (up to the next option); {@code --out target/load-results.md};
 * {@code --delta}: the streams use incremental ADS.
 */
public final class LoadHarness {
    private static final long CONNECT_TIMEOUT_SECONDS = 300;
    private static final long CHANGE_TIMEOUT_SECONDS = 120;
    /** Quiet time after the last ACK of a change, so late responses are counted with the change. */
    private static final long SETTLE_MILLIS = 250;

    private static final boolean[] ALL_TYPES = {true, true, true, true};
    private static final boolean[] EDS_ONLY = {false, true, false, false};

    private LoadHarness() {}

    record Options(
            List<Integer> streams,
            List<String> servers,
            int changes,
            int warmup,
            int serverWarmup,
            int upstreams,
            int streamsPerConnection,
            List<String> serverJvm,
            Path out,
            boolean delta) {

        static Options parse(String[] args) {
            List<String> words = new ArrayList<>();
            for (String a : args) {
                words.addAll(Arrays.stream(a.trim().split("\\s+"))
                        .filter(w -> !w.isEmpty())
                        .toList());
            }
            List<Integer> streams = List.of(200, 1000);
            List<String> servers = List.of("spillway", "stock");
            int changes = 20;
            int warmup = 10;
            int serverWarmup = 200;
            int upstreams = 100;
            int perConnection = 1;
            List<String> jvm = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");
            Path out = defaultOut();
            boolean delta = false;
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                switch (w) {
                    case "--changes" -> changes = Integer.parseInt(words.get(++i));
                    case "--warmup" -> warmup = Integer.parseInt(words.get(++i));
                    case "--server-warmup" -> serverWarmup = Integer.parseInt(words.get(++i));
                    case "--upstreams" -> upstreams = Integer.parseInt(words.get(++i));
                    case "--streams-per-connection" -> perConnection = Integer.parseInt(words.get(++i));
                    case "--servers" -> servers = List.of(words.get(++i).split(","));
                    case "--server-jvm" -> {
                        // everything up to the next option
                        List<String> flags = new ArrayList<>();
                        while (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
                            flags.add(words.get(++i).replace("\"", ""));
                        }
                        jvm = List.copyOf(flags);
                    }
                    case "--out" -> out = Path.of(words.get(++i));
                    case "--delta" -> delta = true;
                    default -> {
                        if (w.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + w);
                        }
                        streams = Arrays.stream(w.split(","))
                                .map(Integer::parseInt)
                                .toList();
                    }
                }
            }
            if (changes < 1 || upstreams < 1 || perConnection < 1) {
                throw new IllegalArgumentException("--changes, --upstreams, --streams-per-connection must be >= 1");
            }
            return new Options(
                    streams, servers, changes, warmup, serverWarmup, upstreams, perConnection, jvm, out, delta);
        }

        /** it-tests/target, whether started from the module (exec:exec) or from the repository root. */
        private static Path defaultOut() {
            Path here = Path.of("").toAbsolutePath();
            Path module = Files.isDirectory(here.resolve("it-tests")) ? here.resolve("it-tests") : here;
            return module.resolve("target").resolve("load-results.md");
        }
    }

    /** One change as measured. */
    record Change(
            int k,
            double allAckedMs,
            long serverBytes,
            long serverResponses,
            long clientBytes,
            double cpuMs,
            long gcMs,
            double publishMs,
            String changedTypes) {}

    /** One server at one N. */
    record Run(
            String server,
            int streams,
            int connections,
            long heapBefore,
            int firstStreams,
            long heapFirst,
            long heapAfter,
            double firstMs,
            double connectMs,
            double connectServerCpuMs,
            double connectHarnessCpuMs,
            long rss,
            List<Change> changes,
            long[] perStreamNanos,
            long nacks,
            String resourceCounts) {
        /** Heap growth from the first {@code firstStreams} streams to all of them, per stream. */
        double heapPerStreamKiB() {
            return (heapAfter - heapFirst) / 1024.0 / (streams - firstStreams);
        }

        /** Heap growth from no stream to all of them, per stream (includes one-off costs of the first ones). */
        double heapPerStreamAllKiB() {
            return (heapAfter - heapBefore) / 1024.0 / streams;
        }

        double median(ToDoubleFunction<Change> f) {
            return percentile(changes.stream().mapToDouble(f).toArray(), 0.50);
        }

        double p99(ToDoubleFunction<Change> f) {
            return percentile(changes.stream().mapToDouble(f).toArray(), 0.99);
        }

        double perStream(double p) {
            return percentile(
                    Arrays.stream(perStreamNanos).mapToDouble(n -> n / 1e6).toArray(), p);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        String env = environment(o);
        System.out.println(env);
        List<Run> runs = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        for (int n : o.streams()) {
            String loadBefore = loadAverage();
            for (Run run : runAll(o, n)) {
                runs.add(run);
                System.out.println(summary(run));
            }
            loads.add(
                    String.format(Locale.ROOT, "N=%,d: %s at the start, %s at the end", n, loadBefore, loadAverage()));
        }
        String report = report(o, env, runs, loads);
        System.out.println();
        System.out.println(report);
        Files.createDirectories(o.out().getParent());
        Files.writeString(o.out(), report);
        System.out.println("written to " + o.out());
        // gRPC's shared Netty threads are daemons, but be sure the JVM ends.
        System.exit(0);
    }

    /**
     * All servers at one N, side by side: each in its own process with its own N streams, the changes interleaved
     * (change k on the first server, then on the next, ...), so background load on the machine hits them alike.
     */
    private static List<Run> runAll(Options o, int n) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "%n== %d streams per server (%d per connection), %d upstreams, servers %s ==%n",
                n,
                o.streamsPerConnection(),
                o.upstreams(),
                String.join(", ", o.servers()));
        List<Side> sides = new ArrayList<>();
        try {
            for (String server : o.servers()) {
                sides.add(new Side(server, Child.start(o, server, n)));
            }
            for (Side side : sides) {
                side.connect(o, n);
                side.before = side.child.ask("stats", "@stats");
            }
            for (int k = 1; k <= o.warmup() + o.changes(); k++) {
                for (Side side : sides) {
                    side.change(o, n, k);
                }
            }
            List<Run> runs = new ArrayList<>();
            for (Side side : sides) {
                if (side.shared.errors.sum() > 0) {
                    throw new IllegalStateException(side.server + ": " + side.shared.errors.sum() + " streams failed");
                }
                runs.add(new Run(
                        side.server,
                        n,
                        side.channels.size(),
                        side.heapBefore,
                        side.firstStreams,
                        side.heapFirst,
                        side.heapAfter,
                        side.firstMs,
                        side.connectMs,
                        side.connectServerCpuMs,
                        side.connectHarnessCpuMs,
                        side.rss,
                        side.changes,
                        side.perStream,
                        Long.parseLong(side.before[6]),
                        resourceCounts(side.envoys.get(0))));
            }
            return runs;
        } finally {
            for (Side side : sides) {
                side.close();
            }
        }
    }

    /** One server under test at one N: its process, its streams, what was measured. */
    private static final class Side {
        final String server;
        final Child child;
        final List<ManagedChannel> channels = new ArrayList<>();
        final List<SimulatedEnvoy> envoys = new ArrayList<>();
        final SimulatedEnvoy.Shared shared = new SimulatedEnvoy.Shared();
        final List<Change> changes = new ArrayList<>();
        long heapBefore;
        int firstStreams;
        long heapFirst;
        long heapAfter;
        double firstMs;
        double connectMs;
        /** CPU time of the server process, and of this one (every simulated proxy), during the 9N/10 connect. */
        double connectServerCpuMs;

        double connectHarnessCpuMs;
        long rss;
        long[] perStream;
        /** The server's stats after the latest change. */
        String[] before;

        String[] versions;

        Side(String server, Child child) {
            this.server = server;
            this.child = child;
        }

        /**
         * One throw-away stream first (class loading and JIT on both sides), then the server's heap with no
         * stream, with N/10 streams and with all N, each in sync with the initial versions.
         */
        void connect(Options o, int n) throws Exception {
            versions = Arrays.copyOfRange(child.ask("versions", "@versions"), 1, 5);
            ManagedChannel warmChannel = channel();
            SimulatedEnvoy warm = new SimulatedEnvoy(-1, new SimulatedEnvoy.Shared(), o.delta());
            warm.start(AggregatedDiscoveryServiceGrpc.newStub(warmChannel));
            awaitAcked(List.of(warm), versions, ALL_TYPES, System.nanoTime(), CONNECT_TIMEOUT_SECONDS);
            warm.stop();
            warmChannel.shutdown();
            warmChannel.awaitTermination(5, TimeUnit.SECONDS);
            Thread.sleep(SETTLE_MILLIS);

            heapBefore = heap();
            firstStreams = n / 10;
            firstMs = firstStreams == 0 ? 0 : open(o, firstStreams) / 1e6;
            heapFirst = firstStreams == 0 ? heapBefore : heap();
            long serverCpu0 = Long.parseLong(child.ask("stats", "@stats")[3]);
            long harnessCpu0 = harnessCpuNanos();
            connectMs = open(o, n - firstStreams) / 1e6;
            connectHarnessCpuMs = (harnessCpuNanos() - harnessCpu0) / 1e6;
            connectServerCpuMs = (Long.parseLong(child.ask("stats", "@stats")[3]) - serverCpu0) / 1e6;
            String[] memory = child.ask("heap", "@heap");
            heapAfter = Long.parseLong(memory[1]);
            rss = Long.parseLong(memory[2]);
            System.out.printf(
                    Locale.ROOT,
                    "%s: the first %d streams in sync after %.0f ms, the other %d after %.0f ms;"
                            + " server heap %.1f MiB with no stream, %.1f MiB with %d, %.1f MiB with %d: %.1f KiB per"
                            + " added stream (%.1f KiB per stream counting from none); CPU during the %d: server %.0f ms,"
                            + " simulated proxies %.0f ms%n",
                    server,
                    firstStreams,
                    firstMs,
                    n - firstStreams,
                    connectMs,
                    heapBefore / 1048576.0,
                    heapFirst / 1048576.0,
                    firstStreams,
                    heapAfter / 1048576.0,
                    n,
                    (heapAfter - heapFirst) / 1024.0 / (n - firstStreams),
                    (heapAfter - heapBefore) / 1024.0 / n,
                    n - firstStreams,
                    connectServerCpuMs,
                    connectHarnessCpuMs);
            String[] stats = child.ask("stats", "@stats");
            if (server.equals("spillway") && Integer.parseInt(stats[5]) != n) {
                throw new IllegalStateException("server sees " + stats[5] + " streams, expected " + n);
            }
            perStream = new long[n * o.changes()];
        }

        private static long harnessCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean)
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** Opens {@code count} more streams; returns nanos until all of them ACKed every initial version. */
        private long open(Options o, int count) throws Exception {
            List<SimulatedEnvoy> opened = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                int index = envoys.size();
                if (index % o.streamsPerConnection() == 0) {
                    channels.add(channel());
                }
                SimulatedEnvoy envoy = new SimulatedEnvoy(index, shared, o.delta());
                envoys.add(envoy);
                opened.add(envoy);
                envoy.start(AggregatedDiscoveryServiceGrpc.newStub(channels.get(channels.size() - 1)));
            }
            long[] inSync = awaitAcked(opened, versions, ALL_TYPES, start, CONNECT_TIMEOUT_SECONDS);
            Thread.sleep(SETTLE_MILLIS);
            return Arrays.stream(inSync).max().orElse(0);
        }

        private ManagedChannel channel() {
            return SimulatedEnvoy.channel(child.port);
        }

        private long heap() throws IOException {
            return Long.parseLong(child.ask("heap", "@heap")[1]);
        }

        void change(Options o, int n, int k) throws Exception {
            long clientBytes0 = shared.bytes.sum();
            long t0 = System.nanoTime();
            String[] changed = child.ask("change " + k, "@changed");
            String[] expected = Arrays.copyOfRange(changed, 2, 6);
            // Delta answers only types whose resources changed: an endpoint change is awaited on EDS.
            long[] acked = awaitAcked(envoys, expected, o.delta() ? EDS_ONLY : ALL_TYPES, t0, CHANGE_TIMEOUT_SECONDS);
            double allAckedMs = Arrays.stream(acked).max().orElse(0) / 1e6;
            Thread.sleep(SETTLE_MILLIS);
            String[] after = child.ask("stats", "@stats");
            Change change = new Change(
                    k,
                    allAckedMs,
                    Long.parseLong(after[2]) - Long.parseLong(before[2]),
                    Long.parseLong(after[1]) - Long.parseLong(before[1]),
                    shared.bytes.sum() - clientBytes0,
                    (Long.parseLong(after[3]) - Long.parseLong(before[3])) / 1e6,
                    Long.parseLong(after[4]) - Long.parseLong(before[4]),
                    Long.parseLong(changed[1]) / 1e6,
                    changedTypes(versions, expected));
            boolean measured = k > o.warmup();
            if (measured) {
                changes.add(change);
                System.arraycopy(acked, 0, perStream, (k - o.warmup() - 1) * n, n);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-8s %s change %2d: all ACKed %7.1f ms, %s changed, %d responses, %,d bytes sent"
                            + " (%,d received), server CPU %.0f ms, GC %d ms, publish %.1f ms, load %s%n",
                    server,
                    measured ? "measured" : "warm-up ",
                    k,
                    allAckedMs,
                    change.changedTypes(),
                    change.serverResponses(),
                    change.serverBytes(),
                    change.clientBytes(),
                    change.cpuMs(),
                    change.gcMs(),
                    change.publishMs(),
                    loadAverage());
            before = after;
            versions = expected;
        }

        void close() throws InterruptedException {
            envoys.forEach(SimulatedEnvoy::stop);
            channels.forEach(ManagedChannel::shutdownNow);
            for (ManagedChannel ch : channels) {
                ch.awaitTermination(5, TimeUnit.SECONDS);
            }
            child.close();
        }
    }

    /** The 1-minute load average, or "?" off Linux. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /**
     * Waits until every stream has ACKed the expected version of every type.
     *
     * @return per stream, nanos from {@code t0} until its last needed ACK was sent
     */
    static long[] awaitAcked(
            List<SimulatedEnvoy> envoys, String[] expected, boolean[] types, long t0, long timeoutSeconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long[] result = new long[envoys.size()];
        boolean[] done = new boolean[envoys.size()];
        int remaining = envoys.size();
        while (remaining > 0) {
            for (int i = 0; i < envoys.size(); i++) {
                if (done[i]) {
                    continue;
                }
                SimulatedEnvoy e = envoys.get(i);
                if (e.failure() != null) {
                    throw new IllegalStateException(e.id() + " failed: " + e.failure());
                }
                long last = Long.MIN_VALUE;
                for (int t = 0; t < 4 && last != Long.MAX_VALUE; t++) {
                    if (!types[t]) {
                        continue;
                    }
                    SimulatedEnvoy.Ack ack = e.acked(t);
                    last = ack != null && ack.version().equals(expected[t])
                            ? Math.max(last, ack.nanos())
                            : Long.MAX_VALUE;
                }
                if (last != Long.MAX_VALUE) {
                    done[i] = true;
                    remaining--;
                    result[i] = Math.max(0, last - t0);
                }
            }
            if (remaining > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(remaining + " of " + envoys.size() + " streams did not ACK "
                            + String.join(" ", expected) + " within " + timeoutSeconds + " s; first: "
                            + describe(envoys.get(firstNotDone(done))));
                }
                Thread.sleep(2);
            }
        }
        return result;
    }

    private static int firstNotDone(boolean[] done) {
        for (int i = 0; i < done.length; i++) {
            if (!done[i]) {
                return i;
            }
        }
        return 0;
    }

    private static String describe(SimulatedEnvoy e) {
        StringBuilder b = new StringBuilder(e.id());
        for (int t = 0; t < 4; t++) {
            SimulatedEnvoy.Ack a = e.acked(t);
            b.append(' ').append(SimulatedEnvoy.TYPE_NAMES[t]).append('=').append(a == null ? "-" : a.version());
        }
        return b.toString();
    }

    private static String resourceCounts(SimulatedEnvoy e) {
        StringBuilder b = new StringBuilder();
        for (int t = 0; t < 4; t++) {
            SimulatedEnvoy.Ack a = e.acked(t);
            b.append(t == 0 ? "" : ", ")
                    .append(a == null ? 0 : a.resources())
                    .append(' ')
                    .append(SimulatedEnvoy.TYPE_NAMES[t]);
        }
        return b.toString();
    }

    private static String changedTypes(String[] before, String[] after) {
        List<String> types = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            if (!before[t].equals(after[t])) {
                types.add(SimulatedEnvoy.TYPE_NAMES[t]);
            }
        }
        return types.isEmpty() ? "nothing" : String.join("+", types);
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String summary(Run r) {
        return String.format(
                Locale.ROOT,
                "%s N=%d: all ACKed median %.1f ms, p99 %.1f ms; per stream median %.1f ms,"
                        + " p99 %.1f ms; heap %.1f KiB/stream; %,.0f bytes/change; NACKs %d; latest responses carried %s",
                r.server(),
                r.streams(),
                r.median(Change::allAckedMs),
                r.p99(Change::allAckedMs),
                r.perStream(0.5),
                r.perStream(0.99),
                r.heapPerStreamKiB(),
                r.median(c -> c.serverBytes()),
                r.nacks(),
                r.resourceCounts());
    }

    private static String environment(Options o) {
        String cpu = "unknown";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse(cpu);
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return String.format(
                Locale.ROOT,
                """
                        date: %s
                        CPU: %d available processors (%s)
                        java: %s %s
                        harness (client) JVM flags: %s
                        server JVM flags: %s
                        scenario: %d static upstreams with an HTTP health check, 1 HTTP listener, 1 route config \
                        with %d routes; each change moves one upstream's host (endpoints only)
                        streams: %s (%s); %d per TCP connection; %d warm-up + %d measured changes per run; \
                        server JIT warm-up: %d translations and snapshot builds before serving""",
                LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME),
                Runtime.getRuntime().availableProcessors(),
                cpu,
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
                String.join(" ", o.serverJvm()),
                o.upstreams(),
                o.upstreams(),
                o.streams(),
                o.delta() ? "delta ADS" : "state-of-the-world ADS",
                o.streamsPerConnection(),
                o.warmup(),
                o.changes(),
                o.serverWarmup());
    }

    private static String report(Options o, String env, List<Run> runs, List<String> loads) {
        StringBuilder b = new StringBuilder("# ADS load: Spillway vs stock java-control-plane SimpleCache\n\n```\n")
                .append(env)
                .append("\n```\n\n");
        List<String> servers = o.servers();
        List<String> others =
                servers.stream().filter(s -> !s.equals("spillway")).toList();
        boolean ratios = servers.contains("spillway") && !others.isEmpty();
        b.append("| N | metric |");
        servers.forEach(s -> b.append(' ').append(s).append(" |"));
        if (ratios) {
            others.forEach(s -> b.append(" spillway / ").append(s).append(" |"));
        }
        b.append("\n|---|---|");
        servers.forEach(s -> b.append("---:|"));
        if (ratios) {
            others.forEach(s -> b.append("---:|"));
        }
        b.append('\n');
        for (int n : o.streams()) {
            Map<String, Run> byServer = new LinkedHashMap<>();
            runs.stream().filter(r -> r.streams() == n).forEach(r -> byServer.put(r.server(), r));
            row(
                    b,
                    n,
                    "time until all streams ACKed, median (ms)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    r -> r.median(Change::allAckedMs),
                    "%.1f");
            row(
                    b,
                    n,
                    "time until all streams ACKed, p99 (ms)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    r -> r.p99(Change::allAckedMs),
                    "%.1f");
            row(
                    b,
                    n,
                    "per-stream ACK time, median (ms)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    r -> r.perStream(0.50),
                    "%.1f");
            row(
                    b,
                    n,
                    "per-stream ACK time, p99 (ms)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    r -> r.perStream(0.99),
                    "%.1f");
            row(
                    b,
                    n,
                    "cold connect: N/10 streams at once, until all ACKed (ms)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    Run::firstMs,
                    "%.0f");
            row(
                    b,
                    n,
                    "cold connect: the other 9N/10 at once, until all ACKed (ms)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    Run::connectMs,
                    "%.0f");
            row(
                    b,
                    n,
                    "cold connect of the 9N/10: server CPU (ms)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    Run::connectServerCpuMs,
                    "%.0f");
            row(
                    b,
                    n,
                    "cold connect of the 9N/10: simulated proxies' CPU (ms)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    Run::connectHarnessCpuMs,
                    "%.0f");
            row(
                    b,
                    n,
                    "server RSS with N streams (MiB)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    r -> r.rss() / 1048576.0,
                    "%.0f");
            row(
                    b,
                    n,
                    "server heap per connected stream (KiB)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    Run::heapPerStreamKiB,
                    "%.1f");
            row(
                    b,
                    n,
                    "server heap per stream, counting from none (KiB)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    Run::heapPerStreamAllKiB,
                    "%.1f");
            row(
                    b,
                    n,
                    "bytes sent per change, total",
                    servers,
                    others,
                    ratios,
                    byServer,
                    r -> r.median(c -> c.serverBytes()),
                    "%,.0f");
            row(
                    b,
                    n,
                    "bytes sent per change, per stream",
                    servers,
                    others,
                    ratios,
                    byServer,
                    r -> r.median(c -> c.serverBytes()) / r.streams(),
                    "%,.0f");
            row(
                    b,
                    n,
                    "responses per change",
                    servers,
                    others,
                    ratios,
                    byServer,
                    r -> r.median(c -> c.serverResponses()),
                    "%,.0f");
            row(
                    b,
                    n,
                    "server CPU per change, median (ms)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    r -> r.median(Change::cpuMs),
                    "%.0f");
            row(
                    b,
                    n,
                    "server publish time, median (ms)",
                    servers,
                    others,
                    ratios,
                    byServer,
                    r -> r.median(Change::publishMs),
                    "%.1f");
        }
        b.append("\nWhat changed per change (from the versions served): ");
        b.append(String.join(
                "; ",
                runs.stream()
                        .filter(r -> r.streams() == o.streams().get(0))
                        .map(r -> r.server() + " " + r.changes().get(0).changedTypes())
                        .toList()));
        b.append(".\nNACKs: ")
                .append(String.join(
                        ", ",
                        runs.stream()
                                .map(r -> r.server() + "@" + r.streams() + "=" + r.nacks())
                                .toList()));
        b.append(".\n1-minute load average of the machine (2 = both cores busy; other work ran besides the harness): ")
                .append(String.join("; ", loads));
        b.append(".\nThe latest response of each type to the first stream carried: ")
                .append(runs.isEmpty() ? "" : runs.get(0).resourceCounts())
                .append(".\n");
        b.append("""

                Time: from the harness writing `change k` to the server process until the last of the N streams \
                sent its ACK of every new version (CDS, EDS, LDS, RDS as served after the change; over delta, of EDS, the \
                only type with changed resources); includes \
                translation and snapshot building in the server. Per-stream ACK time: the same, per stream, over all \
                measured changes. p99 of the all-ACKed time is over the measured changes only (nearest rank: with \
                fewer than 100 changes, the largest). Heap per connected stream: server JVM heap used after full GCs \
                with all N streams in sync, minus the same with N/10 of them, divided by the 9N/10 streams added (so \
                one-off costs of the first connections, such as Netty thread caches, are left out); "counting from \
                none" divides the growth from no stream at all by N. Netty's pooled direct buffers are not heap and \
                not included. Bytes: serialized DiscoveryResponse sizes the server sent during the change (gRPC and \
                HTTP/2 framing excluded). Server CPU: the server process's CPU time during the change, including its \
                gRPC/Netty threads and GC. Publish time: inside the server, from reading `change k` until the change \
                was handed to the streams (Spillway: translation and snapshot building, the pushes then run on the \
                stream threads; stock: translation, Snapshot.create and setSnapshot, which answers every open watch \
                on the calling thread, so it includes the whole fan-out). The servers run side by side, each in its \
                own JVM with its own N streams, and take turns: change k on one, wait for all its ACKs, then change \
                k on the next; the harness (all simulated proxies, one JVM) and the servers share the machine's \
                cores.
                """);
        return b.toString();
    }

    private static void row(
            StringBuilder b,
            int n,
            String metric,
            List<String> servers,
            List<String> others,
            boolean ratios,
            Map<String, Run> byServer,
            ToDoubleFunction<Run> f,
            String format) {
        b.append("| ")
                .append(String.format(Locale.ROOT, "%,d", n))
                .append(" | ")
                .append(metric)
                .append(" |");
        for (String s : servers) {
            Run r = byServer.get(s);
            b.append(' ')
                    .append(r == null ? "-" : String.format(Locale.ROOT, format, f.applyAsDouble(r)))
                    .append(" |");
        }
        if (ratios) {
            Run sp = byServer.get("spillway");
            for (String s : others) {
                Run r = byServer.get(s);
                b.append(' ');
                if (sp == null || r == null || f.applyAsDouble(r) == 0) {
                    b.append('-');
                } else {
                    b.append(String.format(Locale.ROOT, "%.2f", f.applyAsDouble(sp) / f.applyAsDouble(r)));
                }
                b.append(" |");
            }
        }
        b.append('\n');
    }

    /** The server process. */
    static final class Child implements AutoCloseable {
        private final Process process;
        private final BufferedReader in;
        private final PrintWriter out;
        private final File log;
        final int port;

        private Child(Process process, File log) throws IOException {
            this.process = process;
            this.log = log;
            this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.out = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
            this.port = Integer.parseInt(read("@ready")[1]);
        }

        static Child start(Options o, String server, int n) throws IOException {
            return start(o, server, n, 0, 0, "");
        }

        /**
         * A server process on {@code port} (0: any) that has applied changes 1 to {@code applied} before it serves;
         * its log is {@code load-server-<server>-<n><logSuffix>.log}.
         */
        static Child start(Options o, String server, int n, int port, int applied, String logSuffix)
                throws IOException {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(o.serverJvm());
            command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(LoadServer.class.getName());
            command.add(server);
            command.add(Integer.toString(o.upstreams()));
            command.add(Integer.toString(o.serverWarmup()));
            command.add(Integer.toString(port));
            command.add(Integer.toString(applied));
            File log = o.out()
                    .getParent()
                    .resolve("load-server-" + server + "-" + n + logSuffix + ".log")
                    .toFile();
            Files.createDirectories(log.toPath().getParent());
            Process p = new ProcessBuilder(command).redirectError(log).start();
            // Never leave a server behind, even when the harness is interrupted.
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            try {
                return new Child(p, log);
            } catch (IOException | RuntimeException e) {
                p.destroyForcibly();
                throw e;
            }
        }

        String[] ask(String command, String reply) throws IOException {
            out.println(command);
            return read(reply);
        }

        private String[] read(String reply) throws IOException {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(reply + " ") || line.equals(reply)) {
                    return line.split(" ");
                }
                if (line.startsWith("@error")) {
                    throw new IllegalStateException("server: " + line);
                }
            }
            throw new IllegalStateException("server process ended (exit " + exitCode() + "); see " + log);
        }

        private String exitCode() {
            try {
                return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "unknown";
            }
        }

        /** Ends the process at once, as a crash or a killed pod would. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            out.println("quit");
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
