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
 * A soak: one server, N streams acting as Envoy, for {@code --minutes}: a change every {@code --every-ms}
 * (endpoint and route changes in turn, each awaited until every stream ACKed it), and every minute a tenth of the
 * proxies leave and as many new ones join. Every {@code --sample-minutes} the server's heap after GC, its threads
 * and its streams are sampled; at the end all proxies leave and the server must be back to no stream and the
 * threads it had before the first one. Arguments: those of {@link LoadHarness} (one N, {@code --upstreams},
 * {@code --servers} (the first is used), {@code --server-jvm}, {@code --delta}, {@code --out}) and the three above.
 */
public final class SoakHarness {
    private static final boolean[] ALL = {true, true, true, true};
    private static final boolean[] CHANGED_ONLY_ENDPOINTS = {false, true, false, false};
    private static final boolean[] CHANGED_ONLY_ROUTES = {false, false, false, true};

    private SoakHarness() {}

    record Sample(double minute, long heapAfterGc, long rss, int threads, int streams, long changes) {}

    public static void main(String[] args) throws Exception {
        List<String> words = new ArrayList<>();
        for (String a : args) {
            words.addAll(Arrays.stream(a.trim().split("\\s+"))
                    .filter(w -> !w.isEmpty())
                    .toList());
        }
        double minutes = take(words, "--minutes", 30);
        long everyMs = (long) take(words, "--every-ms", 1000);
        double sampleMinutes = take(words, "--sample-minutes", 5);
        Options o = Options.parse(words.toArray(String[]::new));
        int n = o.streams().get(0);
        String server = o.servers().get(0);

        SimulatedEnvoy.Shared shared = new SimulatedEnvoy.Shared();
        List<ManagedChannel> channels = new ArrayList<>();
        List<SimulatedEnvoy> envoys = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        int next = 0;
        long changes = 0;
        try (Child child = Child.start(o, server, n)) {
            String[] versions = versions(child);
            int threadsBefore = Integer.parseInt(child.ask("peak", "@peak")[2]);
            for (int i = 0; i < n; i++) {
                open(child, o, shared, channels, envoys, next++);
            }
            LoadHarness.awaitAcked(envoys, versions, ALL, System.nanoTime(), 300);
            long start = System.nanoTime();
            long end = start + (long) (minutes * 60e9);
            long nextChurn = start + TimeUnit.MINUTES.toNanos(1);
            long nextSample = start;
            int k = 0;
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextSample) {
                    samples.add(sample(child, (System.nanoTime() - start) / 60e9, changes));
                    System.out.println(samples.get(samples.size() - 1));
                    nextSample += (long) (sampleMinutes * 60e9);
                }
                if (System.nanoTime() >= nextChurn) {
                    int leaving = Math.max(1, n / 10);
                    for (int i = 0; i < leaving; i++) {
                        envoys.remove(0).stop();
                        channels.remove(0).shutdownNow();
                    }
                    List<SimulatedEnvoy> joined = new ArrayList<>();
                    for (int i = 0; i < leaving; i++) {
                        joined.add(open(child, o, shared, channels, envoys, next++));
                    }
                    LoadHarness.awaitAcked(joined, versions, ALL, System.nanoTime(), 300);
                    nextChurn += TimeUnit.MINUTES.toNanos(1);
                }
                k++;
                String kind = k % 2 == 0 ? "route" : "endpoint";
                long t0 = System.nanoTime();
                String[] changed = child.ask("change " + k + " " + kind, "@changed");
                versions = Arrays.copyOfRange(changed, 2, 6);
                boolean[] awaited =
                        o.delta() ? (kind.equals("route") ? CHANGED_ONLY_ROUTES : CHANGED_ONLY_ENDPOINTS) : ALL;
                LoadHarness.awaitAcked(envoys, versions, awaited, t0, 120);
                changes++;
                long left = everyMs - (System.nanoTime() - t0) / 1_000_000;
                if (left > 0) {
                    Thread.sleep(left);
                }
            }
            samples.add(sample(child, (System.nanoTime() - start) / 60e9, changes));
            if (shared.errors.sum() > 0) {
                throw new IllegalStateException(shared.errors.sum() + " streams failed");
            }
            envoys.forEach(SimulatedEnvoy::stop);
            channels.forEach(ManagedChannel::shutdownNow);
            for (ManagedChannel c : channels) {
                c.awaitTermination(5, TimeUnit.SECONDS);
            }
            Thread.sleep(3000);
            Sample gone = sample(child, (System.nanoTime() - start) / 60e9, changes);
            String report = report(o, server, n, minutes, everyMs, next, threadsBefore, samples, gone);
            Path out = o.out().resolveSibling(o.out().getFileName().toString().replace(".md", "-soak.md"));
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.println(report);
            System.out.println("written to " + out);
        }
        System.exit(0);
    }

    private static SimulatedEnvoy open(
            Child child,
            Options o,
            SimulatedEnvoy.Shared shared,
            List<ManagedChannel> channels,
            List<SimulatedEnvoy> envoys,
            int index) {
        ManagedChannel channel = SimulatedEnvoy.channel(child.port);
        channels.add(channel);
        SimulatedEnvoy envoy = new SimulatedEnvoy(index, shared, o.delta());
        envoys.add(envoy);
        envoy.start(AggregatedDiscoveryServiceGrpc.newStub(channel));
        return envoy;
    }

    private static Sample sample(Child child, double minute, long changes) throws Exception {
        String[] heap = child.ask("heap", "@heap");
        String[] peak = child.ask("peak", "@peak");
        String[] stats = child.ask("stats", "@stats");
        return new Sample(
                minute,
                Long.parseLong(heap[1]),
                Long.parseLong(heap[2]),
                Integer.parseInt(peak[2]),
                Integer.parseInt(stats[5]),
                changes);
    }

    private static String report(
            Options o,
            String server,
            int n,
            double minutes,
            long everyMs,
            int proxiesSeen,
            int threadsBefore,
            List<Sample> samples,
            Sample gone) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "# Soak: %s, %,d streams (%s), %,d upstreams, %.0f minutes, a change every %d ms (endpoint and route in"
                        + " turn), a tenth of the proxies replaced every minute (%,d proxies in all)%n%n",
                server,
                n,
                o.delta() ? "delta" : "SotW",
                o.upstreams(),
                minutes,
                everyMs,
                proxiesSeen));
        b.append("| minute | changes | server heap after GC (MiB) | RSS (MiB) | threads | streams |\n");
        b.append("|---:|---:|---:|---:|---:|---:|\n");
        for (Sample s : samples) {
            row(b, s);
        }
        b.append("| all proxies gone |");
        b.append(String.format(
                Locale.ROOT,
                " %,d | %.1f | %.1f | %d | %d |%n%n",
                gone.changes(),
                gone.heapAfterGc() / 1048576.0,
                gone.rss() / 1048576.0,
                gone.threads(),
                gone.streams()));
        Sample first = samples.get(Math.min(1, samples.size() - 1));
        Sample last = samples.get(samples.size() - 1);
        b.append(String.format(
                Locale.ROOT,
                "Heap after GC from minute %.0f to the end: %.1f → %.1f MiB (%+.1f%%). Threads: %d before the first"
                        + " proxy, %d after the last left. Streams after the last left: %d. Load average at the end:"
                        + " %s.%n",
                first.minute(),
                first.heapAfterGc() / 1048576.0,
                last.heapAfterGc() / 1048576.0,
                100.0 * (last.heapAfterGc() - first.heapAfterGc()) / first.heapAfterGc(),
                threadsBefore,
                gone.threads(),
                gone.streams(),
                LoadHarness.loadAverage()));
        return b.toString();
    }

    private static void row(StringBuilder b, Sample s) {
        b.append(String.format(
                Locale.ROOT,
                "| %.1f | %,d | %.1f | %.1f | %d | %d |%n",
                s.minute(),
                s.changes(),
                s.heapAfterGc() / 1048576.0,
                s.rss() / 1048576.0,
                s.threads(),
                s.streams()));
    }

    private static double take(List<String> words, String option, double fallback) {
        int i = words.indexOf(option);
        if (i < 0) {
            return fallback;
        }
        double value = Double.parseDouble(words.get(i + 1));
        words.remove(i + 1);
        words.remove(i);
        return value;
    }

    private static String[] versions(Child child) throws java.io.IOException {
        return Arrays.copyOfRange(child.ask("versions", "@versions"), 1, 5);
    }
}
