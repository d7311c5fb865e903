package dev.spillway.it.load;

import dev.spillway.it.load.LoadHarness.Child;
import dev.spillway.it.load.LoadHarness.Options;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Faults while serving, per server (one after the other, each in its own process), with N streams acting as Envoy
 * ({@link SimulatedEnvoy}):
 *
 * <ol>
 *   <li><b>Restart, and the reconnect storm it causes</b>: all N in sync, the server process killed, a new one
 *       started on the same port with the same configuration; every stream reconnects after a random wait below 1 s
 *       (over SotW with the versions it accepted, over delta with {@code initial_resource_versions}). Measured: the
 *       time until the new server has all N and each stream holds the served versions, the bytes the new server
 *       sent per proxy and type (against a cold connect's), the new server's peak heap and threads.
 *   <li><b>Slow readers</b>: changes that re-send every cluster (a health-check path changed: full-state CDS) while
 *       every stream reads, then the same while {@code --slow} percent of the streams stop reading. Measured: the
 *       time until the reading streams all ACKed (both phases), the server's heap after GC and peak heap; then the
 *       stalled streams read again and must reach the latest versions.
 * </ol>
 *
 * <p>Arguments: those of {@link LoadHarness} (one N, {@code --upstreams}, {@code --servers}, {@code --server-jvm},
 * {@code --delta}, {@code --changes}: changes per slow-reader phase, {@code --out}), plus {@code --slow 5}.
 */
public final class FaultHarness {
    private static final long TIMEOUT_SECONDS = 300;
    private static final boolean[] ALL = {true, true, true, true};
    /** Delta answers only the types whose resources changed: a cluster change is awaited on CDS. */
    private static final boolean[] CDS_ONLY = {true, false, false, false};

    private FaultHarness() {}

    public static void main(String[] args) throws Exception {
        List<String> words = new ArrayList<>();
        for (String a : args) {
            words.addAll(Arrays.stream(a.trim().split("\\s+"))
                    .filter(w -> !w.isEmpty())
                    .toList());
        }
        int slowPercent = 5;
        int i = words.indexOf("--slow");
        if (i >= 0) {
            slowPercent = Integer.parseInt(words.get(i + 1));
            words.remove(i + 1);
            words.remove(i);
        }
        Options o = Options.parse(words.toArray(String[]::new));
        int n = o.streams().get(0);
        StringBuilder report = new StringBuilder();
        report.append(String.format(
                Locale.ROOT,
                "# Faults: %,d streams (%s), %,d upstreams; load average %s at the start%n%n",
                n,
                o.delta() ? "delta" : "SotW",
                o.upstreams(),
                LoadHarness.loadAverage()));
        for (String server : o.servers()) {
            report.append(run(o, server, n, slowPercent));
        }
        report.append(String.format(Locale.ROOT, "%nload average at the end: %s%n", LoadHarness.loadAverage()));
        Path out = o.out().resolveSibling(o.out().getFileName().toString().replace(".md", "-faults.md"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
        System.out.println("written to " + out);
        System.exit(0);
    }

    private static String run(Options o, String server, int n, int slowPercent) throws Exception {
        StringBuilder r = new StringBuilder("## " + server + "\n\n");
        SimulatedEnvoy.Shared shared = new SimulatedEnvoy.Shared();
        shared.reconnect = true;
        List<ManagedChannel> channels = new ArrayList<>();
        List<SimulatedEnvoy> envoys = new ArrayList<>();
        Child child = Child.start(o, server, n);
        int port = child.port;
        try {
            String[] versions = versions(child);
            long t0 = System.nanoTime();
            for (int k = 0; k < n; k++) {
                ManagedChannel channel = SimulatedEnvoy.channel(port);
                channels.add(channel);
                SimulatedEnvoy envoy = new SimulatedEnvoy(k, shared, o.delta());
                envoys.add(envoy);
                envoy.start(AggregatedDiscoveryServiceGrpc.newStub(channel).withWaitForReady());
            }
            double coldMs = max(LoadHarness.awaitAcked(envoys, versions, ALL, t0, TIMEOUT_SECONDS)) / 1e6;
            Thread.sleep(500);
            long[] coldBytes = bytesByType(shared);
            child.ask("peak", "@peak");

            // Restart: the process killed, a new one on the same port; the streams come back within a second.
            child.kill();
            long killed = System.nanoTime();
            child = Child.start(o, server, n, port, 0, "-restarted");
            long ready = System.nanoTime();
            awaitStreams(child, n);
            String[] after = versions(child);
            if (!Arrays.equals(after, versions)) {
                throw new IllegalStateException("the restarted server serves other versions: " + String.join(" ", after)
                        + " instead of " + String.join(" ", versions));
            }
            LoadHarness.awaitAcked(envoys, versions, ALL, ready, TIMEOUT_SECONDS);
            double reconnectMs = (System.nanoTime() - killed) / 1e6;
            Thread.sleep(2000); // late responses are counted with the restart
            long[] restartBytes = minus(bytesByType(shared), coldBytes);
            String[] peak = child.ask("peak", "@peak");
            String[] heap = child.ask("heap", "@heap");
            r.append(String.format(
                    Locale.ROOT,
                    """
                    ### Restart with %,d connected proxies, and the reconnect storm

                    - cold connect of all %,d at once: %.0f ms until all in sync
                    - killed; the new process serves before it has warmed up and printed ready (%.0f ms after the \
                    kill); all %,d streams reconnected (each after a random wait below 1 s) and in sync %.0f ms after \
                    the kill; %,d reconnects counted
                    - the new server during the storm: peak heap %.1f MiB, %s threads; heap after GC %.1f MiB, \
                    RSS %.1f MiB

                    | bytes per proxy | CDS | EDS | LDS | RDS | all |
                    |---|---:|---:|---:|---:|---:|
                    | cold connect | %s |
                    | after the restart | %s |

                    """,
                    n,
                    n,
                    coldMs,
                    (ready - killed) / 1e6,
                    n,
                    reconnectMs,
                    shared.reconnects.sum(),
                    Long.parseLong(peak[1]) / 1048576.0,
                    peak[2],
                    Long.parseLong(heap[1]) / 1048576.0,
                    Long.parseLong(heap[2]) / 1048576.0,
                    perProxy(coldBytes, n),
                    perProxy(restartBytes, n)));

            r.append(slowReaders(o, child, envoys, versions, slowPercent));
        } finally {
            envoys.forEach(SimulatedEnvoy::stop);
            channels.forEach(ManagedChannel::shutdownNow);
            child.close();
        }
        return r.toString();
    }

    private static String slowReaders(
            Options o, Child child, List<SimulatedEnvoy> envoys, String[] versions, int slowPercent) throws Exception {
        int n = envoys.size();
        int slow = Math.max(1, n * slowPercent / 100);
        List<SimulatedEnvoy> stalled = envoys.subList(0, slow);
        List<SimulatedEnvoy> reading = envoys.subList(slow, n);
        int k = 0;
        String[] current = versions;
        List<Double> before = new ArrayList<>();
        List<Double> during = new ArrayList<>();
        for (int phase = 0; phase < 2; phase++) {
            if (phase == 1) {
                stalled.forEach(e -> e.stall(true));
            }
            for (int c = 0; c < o.changes(); c++) {
                k++;
                long t0 = System.nanoTime();
                String[] changed = child.ask("change " + k + " cluster", "@changed");
                current = Arrays.copyOfRange(changed, 2, 6);
                double ms =
                        max(LoadHarness.awaitAcked(reading, current, o.delta() ? CDS_ONLY : ALL, t0, TIMEOUT_SECONDS))
                                / 1e6;
                (phase == 0 ? before : during).add(ms);
            }
        }
        String[] peak = child.ask("peak", "@peak");
        String[] heap = child.ask("heap", "@heap");
        long t0 = System.nanoTime();
        stalled.forEach(e -> e.stall(false));
        double caughtUpMs =
                max(LoadHarness.awaitAcked(stalled, current, o.delta() ? CDS_ONLY : ALL, t0, TIMEOUT_SECONDS)) / 1e6;
        return String.format(
                Locale.ROOT,
                """
                ### %d%% of the proxies stop reading during full-state CDS pushes

                - %d changes, each a new definition of one cluster (every proxy gets every cluster again)
                - the other %,d proxies, change → all ACKed: median %.0f ms, max %.0f ms while all read; median \
                %.0f ms, max %.0f ms while %,d do not read
                - server with the stalled proxies: peak heap %.1f MiB, heap after GC %.1f MiB, RSS %.1f MiB
                - reading again, the %,d stalled proxies reached the latest versions in %.0f ms

                """,
                slowPercent,
                o.changes(),
                reading.size(),
                LoadHarness.percentile(unbox(before), 0.5),
                LoadHarness.percentile(unbox(before), 1.0),
                LoadHarness.percentile(unbox(during), 0.5),
                LoadHarness.percentile(unbox(during), 1.0),
                slow,
                Long.parseLong(peak[1]) / 1048576.0,
                Long.parseLong(heap[1]) / 1048576.0,
                Long.parseLong(heap[2]) / 1048576.0,
                slow,
                caughtUpMs);
    }

    private static String[] versions(Child child) throws java.io.IOException {
        return Arrays.copyOfRange(child.ask("versions", "@versions"), 1, 5);
    }

    private static void awaitStreams(Child child, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (Integer.parseInt(child.ask("stats", "@stats")[5]) < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not all " + n + " streams came back");
            }
            Thread.sleep(50);
        }
    }

    private static long[] bytesByType(SimulatedEnvoy.Shared shared) {
        return Arrays.stream(shared.bytesByType)
                .mapToLong(java.util.concurrent.atomic.LongAdder::sum)
                .toArray();
    }

    private static long[] minus(long[] a, long[] b) {
        long[] d = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static String perProxy(long[] bytes, int n) {
        StringBuilder b = new StringBuilder();
        long all = 0;
        for (long v : bytes) {
            b.append(String.format(Locale.ROOT, "%,d | ", v / n));
            all += v;
        }
        return b.append(String.format(Locale.ROOT, "%,d", all / n)).toString();
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
