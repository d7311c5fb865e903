package dev.spillway.server.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.server.ControlPlane;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's gateway proxies report load as Envoy's LoadStatsReporter does, per priority: the scheme's
 * active tier follows them from the primary to the failover tier and back, on the status and the metrics.
 */
class EnvoyLoadReportsTest {
    private static final ProxyGroup LOCAL = new ProxyGroup("local", "gateway-proxy");
    private static final String BLUE = "default-service-blue-10000_gloo-system";
    private static final ResourceKey SCHEME =
            new ResourceKey(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "failover-scheme");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private ControlPlane plane;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        copyExample(dir);
        plane = ControlPlane.start(
                new ControlPlane.Settings(dir, 0, "127.0.0.1", 0, Duration.ofMillis(50), Duration.ofMillis(500))
                        .withLoadReportInterval(Duration.ofSeconds(2)),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        plane.close();
    }

    @Test
    void theServerAsksForTheFailoverClusterAndItsInterval() throws Exception {
        ReportingProxy proxy = proxy("gateway-proxy-1");

        LoadStatsResponse response = proxy.lrs().awaitResponse(1, WAIT);

        assertThat(response.getClustersList()).containsExactly(BLUE);
        assertThat(response.getSendAllClusters()).isFalse();
        assertThat(response.getLoadReportingInterval().getSeconds()).isEqualTo(2);
        assertThat(proxy.state().clusters().get(BLUE).getLrsServer().hasSelf())
                .as("lrs_server: {self: {}} on the cluster under the FailoverScheme")
                .isTrue();
    }

    @Test
    void activeTierFollowsThreeProxiesFromThePrimaryToTheFailoverTierAndBack() throws Exception {
        List<ReportingProxy> proxies =
                List.of(proxy("gateway-proxy-1"), proxy("gateway-proxy-2"), proxy("gateway-proxy-3"));
        for (ReportingProxy p : proxies) {
            p.lrs().awaitResponse(1, WAIT);
        }
        List<TierChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        plane.loadAccounting().onChange(changes::add);

        proxies.forEach(p -> p.report(Map.of(0, 100L)));
        TierActivity primary = awaitActivity(a -> a.activeTier() == 0 && a.proxies() == 3);
        assertThat(primary.percentByTier()).containsEntry(0, 100.0).containsEntry(1, 0.0);
        assertThat(primary.lastChange()).isNull();

        // Blue's hosts fail their health checks: Envoy sends the requests to priority 1.
        proxies.forEach(p -> p.report(Map.of(0, 5L, 1, 95L)));
        TierActivity failedOver = awaitActivity(a -> a.activeTier() == 1);
        assertThat(failedOver.percentByTier()).containsEntry(0, 5.0).containsEntry(1, 95.0);
        assertThat(failedOver.proxiesOnActiveTier()).isEqualTo(3);
        assertThat(failedOver.lastChange().message())
                .isEqualTo("traffic moved from tier 0 to tier 1 on 3 of 3 gateway-proxy proxies");
        assertThat(metrics()).contains(activeTierLine(1));
        assertThat(status()).contains("\"activeTier\" : 1", "\"group\" : \"local/gateway-proxy\"");

        proxies.forEach(p -> p.report(Map.of(0, 100L)));
        TierActivity recovered = awaitActivity(a -> a.activeTier() == 0);
        assertThat(recovered.lastChange().from()).isEqualTo(1);
        assertThat(recovered.since()).isAfterOrEqualTo(failedOver.since());
        assertThat(metrics())
                .contains(activeTierLine(0))
                .contains(
                        "spillway_failover_requests_total{group=\"local/gateway-proxy\",scheme=\"gloo-fed/failover-scheme\",tier=\"1\"} 285.0");
        assertThat(changes)
                .extracting(c -> c.from() + "->" + c.to())
                .as("one change per move, not one per proxy report")
                .containsExactly("0->1", "1->0");
    }

    @Test
    void aFewRequestsToTheFailoverTierDoNotMakeItActive() throws Exception {
        ReportingProxy proxy = proxy("gateway-proxy-1");
        proxy.lrs().awaitResponse(1, WAIT);

        proxy.report(Map.of(0, 95L, 1, 5L));

        assertThat(awaitActivity(a -> true).activeTier()).isEqualTo(0);
    }

    private static String activeTierLine(int tier) {
        return "spillway_failover_active_tier{group=\"local/gateway-proxy\",scheme=\"gloo-fed/failover-scheme\"} "
                + tier + ".0";
    }

    private TierActivity awaitActivity(java.util.function.Predicate<TierActivity> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            TierActivity a = plane.failoverActivity().of(SCHEME, LOCAL).orElse(null);
            if (a != null && condition.test(a)) {
                return a;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(
                "activity never matched; last: " + plane.failoverActivity().current());
    }

    private ReportingProxy proxy(String id) {
        ReportingProxy proxy = ReportingProxy.connect(plane.xdsPort(), id);
        open.add(proxy);
        return proxy;
    }

    private String metrics() throws Exception {
        return get("/metrics");
    }

    private String status() throws Exception {
        return get("/status");
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plane.adminPort() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static void copyExample(Path target) throws IOException {
        Path example = Path.of("../../examples/failover");
        try (Stream<Path> files = Files.walk(example)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(example.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
