package dev.spillway.server.source.kube;

import static dev.spillway.server.source.kube.Guide.BLUE;
import static dev.spillway.server.source.kube.Guide.BLUE_CLUSTER;
import static dev.spillway.server.source.kube.Guide.LOCAL_PROXY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.spillway.server.ControlPlane;
import dev.spillway.server.KubeMode;
import dev.spillway.translator.Translation;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream discovery writes Upstreams as Gloo's does, so the guide's {@code kubectl patch upstream}
 * configures the served cluster and survives rediscovery.
 */
class DiscoveredUpstreamsTest {

    /** The guide's health check, as {@code kubectl patch --type=merge} sends it. */
    static final String GUIDE_PATCH = """
            {"spec": {"healthChecks": [{"timeout": "1s", "interval": "1s", "unhealthyThreshold": 1,
              "healthyThreshold": 1, "httpHealthCheck": {"path": "/health"}}]}}""";

    private MockCluster local;
    private MockCluster remote;
    private KubeMode kube;
    private ControlPlane plane;

    /** One install reading both clusters and writing in both: topology (a). */
    private void start(KubeMode.Discovery discovery) throws Exception {
        local = new MockCluster("local");
        remote = new MockCluster("remote");
        // The guide's local objects but the Upstream: discovery writes it.
        local.apply(
                "local/secret-failover-upstream.yaml",
                "local/service-blue.yaml",
                "local/failover-scheme.yaml",
                "local/virtual-service.yaml",
                "local/gateway.yaml");
        Guide.applyRemote(remote, false);
        kube = KubeMode.connect(
                List.of(
                        new KubeSources.Registration("local", ""),
                        new KubeSources.Registration("remote", "gloo-fed-2")),
                local.client(),
                r -> remote.connection(),
                KubeMode.Options.in("spillway-system")
                        .withDiscovery(discovery)
                        .withSource(Guide.FAST)
                        .writing(List.of(KubeMode.ALL)));
        plane = ControlPlane.start(
                new ControlPlane.Settings(null, 0, "127.0.0.1", 0, Duration.ofMillis(20), Duration.ofMillis(200)),
                kube.source(),
                new PrintStream(PrintStream.nullOutputStream()));
        kube.attach(plane);
    }

    @AfterEach
    void stop() {
        if (plane != null) {
            plane.close();
        }
        local.stopIfRunning();
        remote.stopIfRunning();
        if (kube != null) {
            kube.close();
        }
        local.close();
        remote.close();
    }

    @Test
    void everyServicePortGetsAnUpstreamLabelledAsGloosDiscoveryLabelsIt() throws Exception {
        start(KubeMode.Discovery.WRITE);

        GenericKubernetesResource blue =
                awaitValue("Upstream " + BLUE + " written", () -> local.get(WatchedKind.UPSTREAM, "gloo-system", BLUE));
        GenericKubernetesResource green = awaitValue(
                "Upstream " + Guide.GREEN + " written in remote",
                () -> remote.get(WatchedKind.UPSTREAM, "gloo-system", Guide.GREEN));

        assertThat(blue.getMetadata().getLabels())
                .containsEntry("discovered_by", "kubernetesplugin")
                .containsEntry("app", "bluegreen")
                .containsEntry("text", "blue");
        assertThat(spec(blue).get("kube"))
                .isEqualTo(Map.of(
                        "serviceName",
                        "service-blue",
                        "serviceNamespace",
                        "default",
                        "servicePort",
                        10000,
                        "selector",
                        Map.of("app", "bluegreen", "text", "blue")));
        assertThat(green.getMetadata().getLabels()).containsEntry("discovered_by", "kubernetesplugin");
    }

    @Test
    void theGuidesPatchConfiguresTheServedClusterAndSurvivesRediscovery() throws Exception {
        start(KubeMode.Discovery.WRITE);
        awaitValue("Upstream " + BLUE + " written", () -> local.get(WatchedKind.UPSTREAM, "gloo-system", BLUE));

        upstreams(local).withName(BLUE).patch(PatchContext.of(PatchType.JSON_MERGE), GUIDE_PATCH);

        awaitServed(
                "blue's health check served",
                c -> c.getHealthChecksCount() == 1
                        && c.getHealthChecks(0).getHttpHealthCheck().getPath().equals("/health"));

        local.client()
                .services()
                .inNamespace("default")
                .withName("service-blue")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\": {\"labels\": {\"tier\": \"web\"}}}");

        GenericKubernetesResource rediscovered = awaitValue("labels rediscovered", () -> {
            GenericKubernetesResource u = local.get(WatchedKind.UPSTREAM, "gloo-system", BLUE);
            return u != null && "web".equals(u.getMetadata().getLabels().get("tier")) ? u : null;
        });
        assertThat(spec(rediscovered).get("healthChecks"))
                .asList()
                .singleElement()
                .asString()
                .contains("path=/health");
        assertThat(cluster(plane.translation()).getHealthChecksCount()).isEqualTo(1);
    }

    @Test
    void aDeletedServiceTakesItsDiscoveredUpstreamAlongButNeverAUserWrittenOne() throws Exception {
        start(KubeMode.Discovery.WRITE);
        local.apply("local/upstream-static.yaml");
        awaitValue("Upstream " + BLUE + " written", () -> local.get(WatchedKind.UPSTREAM, "gloo-system", BLUE));
        Translation before = awaitTranslation(
                "blue served",
                t -> clusterNames(t).contains(BLUE_CLUSTER) && clusterNames(t).contains("static-echo_gloo-system"));

        local.client()
                .services()
                .inNamespace("default")
                .withName("service-blue")
                .delete();

        awaitValue(
                "Upstream " + BLUE + " deleted",
                () -> local.get(WatchedKind.UPSTREAM, "gloo-system", BLUE) == null ? Boolean.TRUE : null);
        Translation after =
                awaitTranslation("blue no longer served", t -> !clusterNames(t).contains(BLUE_CLUSTER));
        assertThat(local.get(WatchedKind.UPSTREAM, "gloo-system", "static-echo"))
                .isNotNull();
        assertThat(clusterNames(after))
                .containsExactlyInAnyOrderElementsOf(clusterNames(before).stream()
                        .filter(n -> !n.equals(BLUE_CLUSTER))
                        .toList());
    }

    /** The guide's "where does this fail over to", answered by {@code kubectl get upstream -o yaml}. */
    @Test
    void theDiscoveredPrimaryUpstreamsWrittenStatusNamesItsSchemeAndChosenEndpoint() throws Exception {
        start(KubeMode.Discovery.WRITE);
        awaitValue("Upstream " + BLUE + " written", () -> local.get(WatchedKind.UPSTREAM, "gloo-system", BLUE));
        // As the guide: the scheme is INVALID until the primary has health checks.
        upstreams(local).withName(BLUE).patch(PatchContext.of(PatchType.JSON_MERGE), GUIDE_PATCH);

        Object failover = awaitValue("blue's status names its failover", () -> {
            Object status = local.status(WatchedKind.UPSTREAM, "gloo-system", BLUE);
            return status instanceof Map<?, ?> m
                            && m.get("failover") instanceof Map<?, ?> f
                            && String.valueOf(f.get("targets")).contains("endpoint=")
                    ? f
                    : null;
        });

        assertThat(failover)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("scheme", "gloo-fed/failover-scheme");
        assertThat(((Map<?, ?>) failover).get("targets"))
                .asList()
                .singleElement()
                .asString()
                .contains("cluster=remote", "upstream=gloo-system/" + Guide.GREEN, "priority=1");
        assertThat(local.status(WatchedKind.UPSTREAM, "gloo-system", Guide.GREEN))
                .as("no Upstream of that name in local")
                .isNull();
        // Each cluster's statuses are written in their own round: wait for remote's rather than race it.
        assertThat(awaitValue(
                        "green's status written",
                        () -> remote.status(WatchedKind.UPSTREAM, "gloo-system", Guide.GREEN)))
                .asString()
                .as("the target is no primary")
                .doesNotContain("failover");
    }

    @Test
    void readOnlyDiscoveryWritesNoUpstream() throws Exception {
        start(KubeMode.Discovery.READ_ONLY);

        // The leader writes statuses: the scheme's status shows it has led a round on this inventory.
        awaitValue(
                "the scheme's status written",
                () -> local.status(WatchedKind.FAILOVER_SCHEME, "gloo-fed", "failover-scheme"));
        awaitServed("blue discovered in memory", c -> true);

        assertThat(upstreams(local).list().getItems()).isEmpty();
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
            upstreams(MockCluster cluster) {
        return cluster.client()
                .genericKubernetesResources(WatchedKind.UPSTREAM.context())
                .inNamespace("gloo-system");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource object) {
        return (Map<String, Object>) object.getAdditionalProperties().get("spec");
    }

    private static List<String> clusterNames(Translation translation) {
        var xds = translation.groups().get(LOCAL_PROXY);
        return xds == null
                ? List.of()
                : xds.clusters().stream().map(Cluster::getName).toList();
    }

    private static Cluster cluster(Translation translation) {
        return Guide.cluster(translation, LOCAL_PROXY, BLUE_CLUSTER);
    }

    private void awaitServed(String what, Predicate<Cluster> condition) {
        awaitTranslation(what, t -> clusterNames(t).contains(BLUE_CLUSTER) && condition.test(cluster(t)));
    }

    private Translation awaitTranslation(String what, Predicate<Translation> condition) {
        return awaitValue(what, () -> {
            Translation t = plane.translation();
            return t != null && condition.test(t) ? t : null;
        });
    }

    /** Waits up to 30 s for a non-null value. */
    static <T> T awaitValue(String what, Supplier<T> value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            Guide.sleep(50);
        }
        return fail("timed out waiting for " + what);
    }
}
