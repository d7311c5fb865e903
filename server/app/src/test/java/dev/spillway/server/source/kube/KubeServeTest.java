package dev.spillway.server.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.server.ControlPlane;
import dev.spillway.server.KubeMode;
import dev.spillway.server.writeback.StatusReporter;
import dev.spillway.server.writeback.StatusWriter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control plane serving two Kubernetes clusters, and writing statuses back to their resources. */
class KubeServeTest {
    private MockCluster local;
    private MockCluster remote;
    private KubeSource source;
    private ControlPlane plane;
    private StatusReporter reporter;

    @BeforeEach
    void start() throws Exception {
        local = new MockCluster("local");
        remote = new MockCluster("remote");
        Guide.applyLocal(local);
        Guide.applyRemote(remote, false);
        source = KubeSources.source(List.of(local.connection(), remote.connection()), KubeSourceOptions.DEFAULTS);
        plane = ControlPlane.start(
                new ControlPlane.Settings(null, 0, "127.0.0.1", 0, Duration.ofMillis(50), Duration.ofMillis(500)),
                source,
                new PrintStream(PrintStream.nullOutputStream()));
        StatusWriter writer = new StatusWriter(Map.of("local", local.client(), "remote", remote.client()), () -> true);
        reporter = new StatusReporter(writer);
        plane.addStatusListener(statuses -> reporter.submit(KubeMode.round(statuses)));
    }

    @AfterEach
    void stop() {
        plane.close();
        reporter.close();
        // Servers first: see MockCluster#close.
        local.close();
        remote.close();
        source.close();
    }

    @Test
    void servesTheGuideFromKubernetesAndWritesTheSchemeStatusWithItsChosenEndpointBack() throws Exception {
        HttpResponse<String> status = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plane.adminPort() + "/status"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(status.body()).contains("\"primary\" : \"local/default-service-blue-10000_gloo-system\"");

        // The status settles once both clusters are read and the failover gateway's address is known;
        // until then a round may write an earlier state, so wait for the settled one (or time out).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Object written = null;
        while (System.nanoTime() < deadline) {
            GenericKubernetesResource scheme = local.client()
                    .genericKubernetesResources("fed.solo.io/v1", "FailoverScheme")
                    .inNamespace("gloo-fed")
                    .withName("failover-scheme")
                    .get();
            written = scheme == null ? null : scheme.getAdditionalProperties().get("status");
            if (written instanceof Map<?, ?> m
                    && "ACCEPTED".equals(m.get("state"))
                    && String.valueOf(m.get("targets")).contains("endpoint=203.0.113.10:15443")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(written)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("state", "ACCEPTED");
        assertThat(((Map<?, ?>) written).get("targets"))
                .asString()
                .contains(
                        "cluster=remote",
                        "upstream=gloo-system/default-service-green-10000",
                        "endpoint=203.0.113.10:15443",
                        "priority=1");
        // The guide's scheme sets no threshold: the status says what Envoy's defaults do.
        assertThat(((Map<?, ?>) written).get("traffic"))
                .asString()
                .contains(
                        "overprovisioningFactor=140",
                        "failoverThresholdPercent=71.43",
                        "healthyPanicThresholdPercent=50",
                        "the primary keeps all its traffic while at least 71.43% of its hosts are healthy");
    }

    @Test
    void thePrimaryUpstreamsStatusSaysWhereItFailsOverTo() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> failover = Map.of();
        dev.spillway.api.model.ResourceKey blue =
                Guide.key(dev.spillway.api.model.Kind.UPSTREAM, "local", "gloo-system", Guide.BLUE);
        while (System.nanoTime() < deadline && failover.isEmpty()) {
            failover = KubeMode.failoverOf(plane.translation(), blue);
            Thread.sleep(50);
        }

        assertThat(failover.get("scheme")).isEqualTo("gloo-fed/failover-scheme");
        assertThat(failover.get("targets"))
                .asList()
                .singleElement()
                .asString()
                .contains(
                        "priority=1",
                        "cluster=remote",
                        "upstream=gloo-system/default-service-green-10000",
                        "endpoint=203.0.113.10:15443",
                        "through=failover gateway (mTLS)");
        assertThat(KubeMode.failoverOf(
                        plane.translation(),
                        Guide.key(dev.spillway.api.model.Kind.UPSTREAM, "remote", "gloo-system", Guide.GREEN)))
                .isEmpty();
    }
}
