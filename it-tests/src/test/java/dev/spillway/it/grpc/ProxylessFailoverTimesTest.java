package dev.spillway.it.grpc;

import static dev.spillway.it.grpc.Color.BLUE;
import static dev.spillway.it.grpc.Color.GREEN;

import io.grpc.xds.XdsNameResolverProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long grpc-java's client takes to move between blue and green, measured over several stop/restart
 * cycles of blue, with one client sending fail-fast RPCs back to back. Nothing is asserted about time:
 * the figures are printed and written to {@code target/grpc-failover-times.txt}.
 *
 * <ul>
 *   <li>failover: from blue's stop having returned (port closed, connections gone) to the first answer
 *       from green;</li>
 *   <li>recovery: from blue listening again on the same port to the first answer from blue.</li>
 * </ul>
 *
 * <p>{@code -Dgrpc.failover.runs=N} changes the number of cycles (default 10; one cycle takes about a second).
 */
class ProxylessFailoverTimesTest {
    private static final int RUNS = Integer.getInteger("grpc.failover.runs", 10);
    private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path configDir;

    private ProxylessFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = ProxylessFixture.start(configDir);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void failoverAndRecoveryTimes() throws Exception {
        fixture.awaitFirstAnswer(BLUE);
        List<Traffic.Switch> failovers = new ArrayList<>();
        List<Traffic.Switch> recoveries = new ArrayList<>();

        for (int run = 0; run < RUNS; run++) {
            fixture.blue().stop();
            failovers.add(Traffic.untilAnswer(fixture.channel(), GREEN, System.nanoTime(), SWITCH_TIMEOUT));
            fixture.blue().restart();
            recoveries.add(Traffic.untilAnswer(fixture.channel(), BLUE, System.nanoTime(), SWITCH_TIMEOUT));
        }

        report(failovers, recoveries);
    }

    private static void report(List<Traffic.Switch> failovers, List<Traffic.Switch> recoveries) throws IOException {
        String text = "grpc-xds " + XdsNameResolverProvider.class.getPackage().getImplementationVersion()
                + " client against Spillway, " + failovers.size() + " runs (ms)\n"
                + line("failover (blue stopped -> first green answer)", failovers)
                + line("recovery (blue restarted -> first blue answer)", recoveries)
                + "calls failed during failover: "
                + failovers.stream().mapToInt(Traffic.Switch::failedCalls).sum()
                + ", during recovery: "
                + recoveries.stream().mapToInt(Traffic.Switch::failedCalls).sum() + "\n";
        System.out.print(text);
        Path file = Path.of(System.getProperty("basedir", "."), "target", "grpc-failover-times.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String line(String what, List<Traffic.Switch> switches) {
        List<Double> ms = switches.stream()
                .map(s -> s.elapsed().toNanos() / 1e6)
                .sorted(Comparator.naturalOrder())
                .toList();
        double median =
                ms.size() % 2 == 1 ? ms.get(ms.size() / 2) : (ms.get(ms.size() / 2 - 1) + ms.get(ms.size() / 2)) / 2;
        return String.format(
                "%-48s median %8.1f  min %8.1f  max %8.1f  all %s%n",
                what,
                median,
                ms.get(0),
                ms.get(ms.size() - 1),
                switches.stream()
                        .map(s -> String.format("%.1f", s.elapsed().toNanos() / 1e6))
                        .toList());
    }
}
