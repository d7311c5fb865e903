package dev.spillway.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spillway.server.ControlPlane;
import dev.spillway.server.failover.ReportingProxy;
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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spillway explain} and {@code /failover} against a running server on a copy of the example. */
class ExplainCommandTest {
    @TempDir
    Path dir;

    private ControlPlane plane;

    @BeforeEach
    void start() throws IOException {
        Path example = Path.of("../../examples/failover");
        try (Stream<Path> files = Files.walk(example)) {
            for (Path f : files.toList()) {
                Path to = dir.resolve(example.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        plane = ControlPlane.start(
                new ControlPlane.Settings(dir, 0, "127.0.0.1", 0, Duration.ofMillis(50), Duration.ofMillis(500)),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    @AfterEach
    void stop() {
        plane.close();
    }

    private String admin() {
        return "http://127.0.0.1:" + plane.adminPort();
    }

    @Test
    void explainsTheGuidesSchemeTierByTier() {
        CliTest.Run run = CliTest.run("explain", "--admin", admin());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "FailoverScheme local/gloo-fed/failover-scheme: ACCEPTED, Ready",
                        "health check: HTTP GET /health every 1s, timeout 1s, unhealthy after 1 failure",
                        "overprovisioning factor 140%, failover below 71.43% healthy, panic below 50% healthy",
                        "proxy group local/gateway-proxy: 0 connected stream(s); live traffic: not reported yet",
                        "reached at 127.0.0.1:15443 through failover gateway (mTLS), SNI "
                                + "default-service-green-10000_gloo-system",
                        "client certificate CN=solo.io, expires 2036-11-22T07:35:52Z",
                        "[ ok ] SniAllowed Served")
                .doesNotContain("PRIVATE KEY");
        assertThat(run.out().indexOf("tier 0  local/gloo-system/default-service-blue-10000  ready"))
                .isPositive()
                .isLessThan(run.out().indexOf("tier 1  remote/gloo-system/default-service-green-10000  ready"));
        assertThat(run.out()).contains("    endpoints 127.0.0.1:10001", "    endpoints 127.0.0.1:10002");
    }

    @Test
    void showsTheLiveTierAndTheLastMoveFromTheProxiesLoadReports() throws Exception {
        try (ReportingProxy proxy =
                ReportingProxy.connect(plane.xdsPort(), "gateway-proxy-1").awaitAsked()) {
            proxy.report(Map.of(0, 100L));
            ReportingProxy.awaitActiveTier(plane, 0);
            // The primary's hosts fail their health checks: Envoy sends the requests to priority 1.
            proxy.report(Map.of(0, 4L, 1, 96L));
            ReportingProxy.awaitActiveTier(plane, 1);

            CliTest.Run run = CliTest.run("explain", "--admin", admin());

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out())
                    .contains(
                            "proxy group local/gateway-proxy: 1 connected stream(s); live traffic: active tier 1 since ",
                            " on 1 of 1 proxies (tier 0 4%, tier 1 96% of 100 requests)",
                            ": traffic moved from tier 0 to tier 1 on 1 of 1 gateway-proxy proxies")
                    .doesNotContain("not reported yet");
            assertThat(run.out()).containsPattern("\\n    last change at 20[0-9-]+T[0-9:]+Z: traffic moved");
            JsonNode group = new ObjectMapper()
                    .readTree(get("/failover"))
                    .path("schemes")
                    .path(0)
                    .path("groups")
                    .path(0);
            assertThat(group.path("live").path("activeTier").asInt()).isEqualTo(1);
            assertThat(group.path("live").path("lastChange").path("from").asInt())
                    .isZero();
        }
    }

    @Test
    void aTierThatWouldNotCarryTrafficExitsOneAndSaysWhy() throws Exception {
        Path green = dir.resolve("remote/service-green.yaml");
        String yaml = Files.readString(green);
        Files.writeString(green, yaml.substring(0, yaml.indexOf("---")));

        CliTest.Run run = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            run = CliTest.run("explain", "failover-scheme", "--admin", admin());
            if (run.exit() == 1) {
                break;
            }
            Thread.sleep(50);
        }

        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.out())
                .contains(
                        "ACCEPTED, Degraded (tier 1 remote/gloo-system/default-service-green-10000: "
                                + "TargetHasEndpoints NoEndpoints",
                        "tier 1  remote/gloo-system/default-service-green-10000  NOT READY",
                        "[FAIL] TargetHasEndpoints NoEndpoints");
    }

    @Test
    void anUnknownSchemeExitsTwo() {
        CliTest.Run run = CliTest.run("explain", "gloo-fed/no-such-scheme", "--admin", admin());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no FailoverScheme gloo-fed/no-such-scheme");
    }

    @Test
    void failoverJsonLeavesTheLiveTrafficSlotEmptyUntilLoadReportsArrive() throws Exception {
        String body = get("/failover");

        assertThat(body)
                .contains("\"group\" : \"local/gateway-proxy\"", "\"live\" : null", "\"sni\" : ")
                .contains("\"proxyGroups\"")
                .doesNotContain("PRIVATE KEY", "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS");
    }

    private String get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(admin() + path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
