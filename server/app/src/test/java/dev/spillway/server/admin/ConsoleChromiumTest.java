package dev.spillway.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.server.ControlPlane;
import dev.spillway.server.failover.ReportingProxy;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code /ui} console in headless Chromium (Debian's {@code chromium}) against a running control plane
 * on a copy of the example: it renders the scheme from the JSON endpoints, refreshes by itself, and shows
 * the scheme turning Degraded when a tier breaks, and the live tier moving to tier 1 when a proxy's load
 * reports say the primary failed. Skipped, saying so, when no Chromium is installed.
 */
class ConsoleChromiumTest {
    private static final Path SCREENSHOTS = Path.of("target");

    @TempDir
    Path dir;

    @TempDir
    Path profile;

    private ControlPlane plane;
    private String chromium;

    @BeforeEach
    void start() throws IOException {
        chromium = chromium().orElse(null);
        Assumptions.assumeTrue(
                chromium != null,
                "SKIPPED: no chromium on PATH (Debian package chromium; .ci/run installs it with apt-get install -y "
                        + "chromium): the /ui console is not tested in a browser");
        copyExample(dir);
        plane = ControlPlane.start(
                new ControlPlane.Settings(dir, 0, "127.0.0.1", 0, Duration.ofMillis(50), Duration.ofMillis(500)),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    @AfterEach
    void stop() {
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    void showsTheSchemeReadyThenDegradedOnceATierBreaks() throws Exception {
        String dom = dumpDom();

        assertThat(dom)
                .contains(
                        "data-scheme=\"local/gloo-fed/failover-scheme\" data-readiness=\"Ready\"",
                        "<td>local</td><td>gateway-proxy</td>",
                        "remote / gloo-system/default-service-green-10000",
                        "127.0.0.1:15443 SNI default-service-green-10000_gloo-system",
                        "live: local/gateway-proxy: not reported yet",
                        "<section class=\"wide\" id=\"error\" hidden=\"\"></section>");
        assertThat(refreshes(dom))
                .as("the page fetched its data again by itself")
                .isGreaterThanOrEqualTo(2);
        screenshot("console.png");

        // Tier 1 breaks: the green service loses its last endpoint.
        Path green = dir.resolve("remote/service-green.yaml");
        String yaml = Files.readString(green);
        Files.writeString(green, yaml.substring(0, yaml.indexOf("subsets:")) + "subsets: []\n");
        awaitDegraded();

        String degraded = dumpDom();
        assertThat(degraded)
                .contains("data-readiness=\"Degraded\"", "NOT READY", "TargetHasEndpoints NoEndpoints")
                .doesNotContain("PRIVATE KEY");
        screenshot("console-degraded.png");
    }

    @Test
    void showsTheSchemeMovingToTierOneWhenThePrimaryFails() throws Exception {
        try (ReportingProxy proxy =
                ReportingProxy.connect(plane.xdsPort(), "gateway-proxy-1").awaitAsked()) {
            proxy.report(Map.of(0, 100L));
            ReportingProxy.awaitActiveTier(plane, 0);
            assertThat(dumpDom())
                    .contains(
                            "data-active-tiers=\"0\"",
                            "live: local/gateway-proxy: active tier 0 since ",
                            "on 1 of 1 proxies (tier 0 100%, tier 1 0%)",
                            "<span>0 (active)</span>");

            // The primary's hosts fail their health checks: Envoy sends the requests to priority 1.
            proxy.report(Map.of(0, 0L, 1, 120L));
            ReportingProxy.awaitActiveTier(plane, 1);

            String failedOver = dumpDom();
            assertThat(failedOver)
                    .contains(
                            "data-active-tiers=\"1\"",
                            "live: local/gateway-proxy: active tier 1 since ",
                            "(tier 0 0%, tier 1 100%); traffic moved from tier 0 to tier 1 on 1 of 1 gateway-proxy proxies",
                            "<span>1 (active)</span>")
                    .doesNotContain("<span>0 (active)</span>");
            screenshot("console-failover.png");
        }
    }

    private void awaitDegraded() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (plane.readiness().values().stream().allMatch(r -> r.isReady())) {
            assertThat(System.nanoTime()).as("the edit is translated").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static int refreshes(String dom) {
        int at = dom.indexOf("data-refreshes=\"");
        assertThat(at).as("refresh counter on the page").isPositive();
        int from = at + "data-refreshes=\"".length();
        return Integer.parseInt(dom.substring(from, dom.indexOf('"', from)));
    }

    private String url() {
        return "http://127.0.0.1:" + plane.adminPort() + "/ui";
    }

    private String dumpDom() throws Exception {
        return new String(run("--virtual-time-budget=8000", "--dump-dom", url()), StandardCharsets.UTF_8);
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name).toAbsolutePath();
        Files.deleteIfExists(file);
        run("--hide-scrollbars", "--window-size=1200,640", "--virtual-time-budget=4000", "--screenshot=" + file, url());
        assertThat(file).as("screenshot saved").exists();
        assertThat(Files.size(file)).isGreaterThan(1000);
    }

    private byte[] run(String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .directory(profile.toFile())
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        // A guard against a hung browser, not a timing assertion.
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium exits").isTrue();
        assertThat(p.exitValue()).as("chromium exit code").isZero();
        return out;
    }

    private static Optional<String> chromium() {
        String override = System.getenv("CHROMIUM");
        if (override != null && !override.isBlank()) {
            return Optional.of(override);
        }
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path candidate = Path.of(d, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
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
