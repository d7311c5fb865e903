package dev.spillway.server.plane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.server.ControlPlane;
import dev.spillway.snapshot.XdsType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole control plane on a copy of the example: admin endpoints and live edits. */
class ControlPlaneTest {
    private static final ProxyGroup LOCAL = new ProxyGroup("local", "gateway-proxy");

    @TempDir
    Path dir;

    private ControlPlane plane;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        copyExample(dir);
        plane = ControlPlane.start(
                new ControlPlane.Settings(dir, 0, "127.0.0.1", 0, Duration.ofMillis(50), Duration.ofMillis(500)),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        plane.close();
    }

    @Test
    void isReadyAndHealthyOnceServing() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").body()).isEqualTo("ready\n");
    }

    @Test
    void statusListsEveryExampleResourceAcceptedWithTheChosenFailoverEndpoint() throws Exception {
        String status = get("/status").body();

        assertThat(status).doesNotContain("\"Rejected\"", "\"Warning\"", "\"INVALID\"");
        assertThat(status)
                .contains(
                        "\"primary\" : \"local/default-service-blue-10000_gloo-system\"",
                        "\"endpoint\" : \"127.0.0.1:15443\"");
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        String metrics = get("/metrics").body();

        assertThat(metrics)
                .contains(
                        "# TYPE spillway_translation_seconds histogram",
                        "spillway_resources{kind=\"FailoverScheme\",state=\"ACCEPTED\"} 1.0");
    }

    @Test
    void configDumpRedactsPrivateKeysAndRefusesUnknownGroups() throws Exception {
        HttpResponse<String> remote = get("/config_dump?group=remote/gateway-proxy");

        assertThat(remote.statusCode()).isEqualTo(200);
        assertThat(remote.body()).contains("\"inline_string\": \"[redacted]\"").doesNotContain("PRIVATE KEY");
        assertThat(get("/config_dump?group=mars/gateway-proxy").statusCode()).isEqualTo(404);
    }

    @Test
    void anEditIsServedAndReported() throws Exception {
        String before = plane.store().get(LOCAL).of(XdsType.CLUSTER).version();
        Path upstreams = dir.resolve("local/upstreams.yaml");
        Files.writeString(upstreams, Files.readString(upstreams).replace("interval: 1s", "interval: 2s"));

        await(() -> !plane.store().get(LOCAL).of(XdsType.CLUSTER).version().equals(before));
    }

    @Test
    void aTypoIsReportedAndTheLastGoodVersionKeepsServing() throws Exception {
        String before = plane.store().get(LOCAL).of(XdsType.CLUSTER).version();
        Path upstreams = dir.resolve("local/upstreams.yaml");
        Files.writeString(upstreams, Files.readString(upstreams).replace("interval: 1s", "interval: 1x"));

        await(
                () -> printed.toString(StandardCharsets.UTF_8)
                        .contains(
                                "Rejected Upstream local/gloo-system/default-service-blue-10000: spec.healthChecks[0].interval"));
        assertThat(plane.store().get(LOCAL).of(XdsType.CLUSTER).version()).isEqualTo(before);
    }

    @Test
    void aFailoverThresholdIsServedAndABadOneIsReportedWhileTheLastGoodKeepsServing() throws Exception {
        Path scheme = dir.resolve("local/failover-scheme.yaml");
        String good = Files.readString(scheme).stripTrailing() + "\n failoverThreshold: {percentage: 50}\n";
        Files.writeString(scheme, good);
        await(() -> overprovisioningFactors().contains(200));
        String before = plane.store().get(LOCAL).of(XdsType.ENDPOINT).version();

        Files.writeString(scheme, good.replace("percentage: 50", "percentage: 0"));

        await(() -> printed.toString(StandardCharsets.UTF_8)
                .contains("INVALID FailoverScheme local/gloo-fed/failover-scheme: spec.failoverThreshold.percentage "
                        + "must be greater than 0 and at most 100, not 0"));
        assertThat(plane.store().get(LOCAL).of(XdsType.ENDPOINT).version()).isEqualTo(before);
        assertThat(overprovisioningFactors()).contains(200);
    }

    @Test
    void aClientKeyThatNoLongerMatchesIsRejectedWhileTheLastGoodSecretKeepsServing() throws Exception {
        assertThat(get("/status").body())
                .contains("\"message\" : \"every tier would carry traffic\"", "\"reason\" : \"WrittenAddress\"");
        String secrets = plane.store().get(LOCAL).of(XdsType.SECRET).version();
        String clusters = plane.store().get(LOCAL).of(XdsType.CLUSTER).version();
        String listeners = plane.store().get(LOCAL).of(XdsType.LISTENER).version();

        // The remote gateway's key is a valid key, but not the one of the local client certificate: Envoy
        // would not load the pair, so the Secret is Rejected and the version served before keeps serving.
        Path local = dir.resolve("local/secret-failover-upstream.yaml");
        String remoteKey = keyLine(Files.readString(dir.resolve("remote/secret-failover-downstream.yaml")));
        String secret = Files.readString(local);
        Files.writeString(local, secret.replace(keyLine(secret), remoteKey));

        await(() -> printed.toString(StandardCharsets.UTF_8)
                .contains("Rejected Secret local/gloo-system/failover-upstream: data.tls.key is not the key of the"
                        + " certificate in tls.crt"));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("(SSL_CTX_use_PrivateKey: key values mismatch) (last good version kept)")
                .doesNotContain("INVALID FailoverScheme");
        assertThat(plane.store().get(LOCAL).of(XdsType.SECRET).version()).isEqualTo(secrets);
        assertThat(plane.store().get(LOCAL).of(XdsType.CLUSTER).version()).isEqualTo(clusters);
        assertThat(plane.store().get(LOCAL).of(XdsType.LISTENER).version()).isEqualTo(listeners);
        String status = get("/status").body();
        assertThat(status)
                .contains("is not the key of the certificate in tls.crt", "(last good version kept)")
                .contains("\"message\" : \"every tier would carry traffic\"");
        assertThat(status).doesNotContain(remoteKey.substring(remoteKey.indexOf(':') + 2));

        Files.writeString(local, secret);
        await(() -> !statusNow().contains("(last good version kept)"));
        assertThat(statusNow()).contains("\"message\" : \"every tier would carry traffic\"");
    }

    private static String keyLine(String secretYaml) {
        return secretYaml
                .lines()
                .filter(l -> l.startsWith("  tls.key: "))
                .findFirst()
                .orElseThrow();
    }

    private java.util.List<Integer> overprovisioningFactors() {
        return plane.store().get(LOCAL).of(XdsType.ENDPOINT).resources().values().stream()
                .map(r -> ((io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment) r.message())
                        .getPolicy()
                        .getOverprovisioningFactor()
                        .getValue())
                .toList();
    }

    private String statusNow() {
        try {
            return get("/status").body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plane.adminPort() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
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
