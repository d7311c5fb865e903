package dev.spillway.server.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.server.ControlPlane;
import dev.spillway.server.KubeMode;
import dev.spillway.server.failover.ReportingProxy;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes mode: the gateway proxies' load reports move the FailoverScheme's active tier; its status says
 * so, and each move is one Event on the scheme.
 */
class KubeLoadReportsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private MockCluster local;
    private MockCluster remote;
    private KubeMode kube;
    private ControlPlane plane;
    private final List<ReportingProxy> proxies = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        local = new MockCluster("local");
        remote = new MockCluster("remote");
        Guide.applyLocal(local);
        Guide.applyRemote(remote, false);
        kube = KubeMode.connect(
                List.of(
                        new KubeSources.Registration("local", ""),
                        new KubeSources.Registration("remote", "gloo-fed-2")),
                local.client(),
                r -> remote.connection(),
                KubeMode.Options.in("spillway-system")
                        .withDiscovery(KubeMode.Discovery.READ_ONLY)
                        .withSource(Guide.FAST)
                        .writing(List.of(KubeMode.ALL)));
        plane = ControlPlane.start(
                new ControlPlane.Settings(null, 0, "127.0.0.1", 0, Duration.ofMillis(20), Duration.ofMillis(200))
                        .withLoadReportInterval(Duration.ofSeconds(2)),
                kube.source(),
                new PrintStream(PrintStream.nullOutputStream()));
        kube.attach(plane);
    }

    @AfterEach
    void stop() throws Exception {
        for (ReportingProxy p : proxies) {
            p.close();
        }
        if (plane != null) {
            plane.close();
        }
        if (kube != null) {
            kube.close();
        }
        local.close();
        remote.close();
    }

    @Test
    void eachMoveOfTheActiveTierIsOneEventAndTheStatusFollows() throws Exception {
        await("the leader's Lease", () -> kube.leader());
        for (int i = 1; i <= 3; i++) {
            proxies.add(ReportingProxy.connect(plane.xdsPort(), "gateway-proxy-" + i)
                    .awaitAsked());
        }

        proxies.forEach(p -> p.report(Map.of(0, 100L)));
        awaitStatus(s -> "0".equals(String.valueOf(s.get("activeTier"))));
        proxies.forEach(p -> p.report(Map.of(0, 2L, 1, 98L)));
        Map<?, ?> failedOver = awaitStatus(s -> "1".equals(String.valueOf(s.get("activeTier"))));
        assertThat(String.valueOf(failedOver.get("liveTraffic")))
                .contains("group=local/gateway-proxy", "activeTier=1", "proxies=3", "tier=1, percent=98");
        assertThat(failedOver.get("state")).isEqualTo("ACCEPTED");
        proxies.forEach(p -> p.report(Map.of(0, 100L)));
        awaitStatus(s -> "0".equals(String.valueOf(s.get("activeTier"))));

        await("two events", () -> events().size() >= 2);
        List<Event> events = events();
        assertThat(events)
                .extracting(Event::getMessage)
                .containsExactly(
                        "traffic moved from tier 0 to tier 1 on 3 of 3 gateway-proxy proxies",
                        "traffic moved from tier 1 to tier 0 on 1 of 3 gateway-proxy proxies");
        assertThat(events).extracting(Event::getType).containsExactly("Warning", "Normal");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("ActiveTierChanged");
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("FailoverScheme");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("failover-scheme");
            assertThat(e.getInvolvedObject().getUid()).isNotEmpty();
        });
    }

    private List<Event> events() {
        return local.client().v1().events().inNamespace("gloo-fed").list().getItems().stream()
                .filter(e -> "failover-scheme".equals(e.getInvolvedObject().getName()))
                .sorted(Comparator.comparing(e -> e.getMetadata().getName()))
                .toList();
    }

    private Map<?, ?> awaitStatus(Predicate<Map<?, ?>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Object status = null;
        while (System.nanoTime() < deadline) {
            GenericKubernetesResource scheme = local.client()
                    .genericKubernetesResources("fed.solo.io/v1", "FailoverScheme")
                    .inNamespace("gloo-fed")
                    .withName("failover-scheme")
                    .get();
            status = scheme == null ? null : scheme.getAdditionalProperties().get("status");
            if (status instanceof Map<?, ?> m && condition.test(m)) {
                return m;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("FailoverScheme status never matched; last: " + status);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
