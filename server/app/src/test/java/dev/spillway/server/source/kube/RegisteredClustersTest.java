package dev.spillway.server.source.kube;

import static dev.spillway.server.source.kube.Guide.BLUE_CLUSTER;
import static dev.spillway.server.source.kube.Guide.LOCAL_PROXY;
import static dev.spillway.server.source.kube.Guide.addresses;
import static dev.spillway.server.source.kube.Guide.endpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.source.Inventory;
import dev.spillway.server.ControlPlane;
import dev.spillway.server.KubeMode;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import dev.spillway.translator.xds.XdsResources;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One install per cluster, configured as {@code deploy/} and {@code deploy/overlays/remote} configure
 * them: each reads its own cluster through its service account and the other through the kubeconfig
 * Secret {@code spillway cluster register} stores, re-read when the Secret changes.
 */
class RegisteredClustersTest {

    static final Path BASE_CLUSTERS = Path.of("../../deploy/control-plane/clusters.yaml");
    static final Path REMOTE_CLUSTERS = Path.of("../../deploy/overlays/remote/clusters.yaml");
    private static final ProxyGroup REMOTE_PROXY = new ProxyGroup("remote", "gateway-proxy");

    private MockCluster local;
    private MockCluster remote;
    private final List<MockCluster> others = new ArrayList<>();
    private final List<KubeMode> installs = new ArrayList<>();

    @BeforeEach
    void clusters() {
        local = new MockCluster("local");
        remote = new MockCluster("remote");
        Guide.applyLocal(local);
        Guide.applyRemote(remote, false);
    }

    @AfterEach
    void stop() {
        // Servers first: see MockCluster#close.
        local.stopIfRunning();
        remote.stopIfRunning();
        others.forEach(MockCluster::stopIfRunning);
        installs.forEach(KubeMode::close);
        local.close();
        remote.close();
        others.forEach(MockCluster::close);
    }

    @Test
    void theRemoteInstallReadsLocalThroughItsKubeconfigSecretAndForwardsTheSchemesTarget() throws Exception {
        register(remote, "local", local, "gloo-fed");
        register(local, "remote", remote, "gloo-fed-2");
        KubeMode remoteInstall = install(REMOTE_CLUSTERS, remote);
        KubeMode localInstall = install(BASE_CLUSTERS, local);

        Inventory seenByRemote = await(
                remoteInstall.source(),
                "local read through its Secret",
                i -> i.entries().containsKey(Guide.key(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "failover-scheme")));
        assertThat(failoverServerNames(Translator.translate(seenByRemote))).contains(Guide.GREEN + "_gloo-system");

        Inventory seenByLocal = await(
                localInstall.source(),
                "remote read through its Secret",
                i -> i.entries().containsKey(Guide.key(Kind.SERVICE, "remote", "gloo-system", "failover")));
        assertThat(addresses(endpoints(Translator.translate(seenByLocal), LOCAL_PROXY, BLUE_CLUSTER), 1))
                .containsExactly(Guide.LOAD_BALANCER_ADDRESS);
    }

    @Test
    void withoutItsSecretAClusterIsNotReadAndTheRestIsServed() throws Exception {
        KubeMode remoteInstall = install(REMOTE_CLUSTERS, remote);

        Inventory inventory = remoteInstall.source().load();

        assertThat(inventory.entries())
                .containsKey(Guide.key(Kind.GATEWAY, "remote", "gloo-system", "failover-gateway"));
        assertThat(inventory.entries().keySet()).noneMatch(k -> k.cluster().equals("local"));

        register(remote, "local", local, "gloo-fed");
        await(
                remoteInstall.source(),
                "local read once its Secret exists",
                i -> i.entries().containsKey(Guide.key(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "failover-scheme")));
    }

    @Test
    void aChangedSecretIsReadAgainAndTheClusterIsReadThroughTheNewKubeconfig() throws Exception {
        register(remote, "local", local, "gloo-fed");
        KubeMode remoteInstall = install(REMOTE_CLUSTERS, remote);
        await(
                remoteInstall.source(),
                "local read",
                i -> i.entries().containsKey(Guide.key(Kind.VIRTUAL_SERVICE, "local", "gloo-system", "default")));
        MockCluster moved = new MockCluster("local");
        others.add(moved);
        moved.apply("local/service-blue.yaml", "local/upstream-blue.yaml");

        register(remote, "local", moved, "gloo-fed");

        Inventory after = await(
                remoteInstall.source(),
                "local read through the new kubeconfig",
                i -> !i.entries().containsKey(Guide.key(Kind.VIRTUAL_SERVICE, "local", "gloo-system", "default")));
        assertThat(after.entries()).containsKey(Guide.key(Kind.UPSTREAM, "local", "gloo-system", Guide.BLUE));
        assertThat(remoteInstall.source().client("local").orElseThrow().getMasterUrl())
                .isEqualTo(moved.client().getMasterUrl());
    }

    @Test
    void anUnreachableRegisteredClusterKeepsItsResourcesMarkedStale() throws Exception {
        register(remote, "local", local, "gloo-fed");
        KubeMode remoteInstall = install(REMOTE_CLUSTERS, remote);
        Inventory before = await(
                remoteInstall.source(),
                "local read",
                i -> i.entries().containsKey(Guide.key(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "failover-scheme")));
        long localEntries = before.entries().keySet().stream()
                .filter(k -> k.cluster().equals("local"))
                .count();

        local.stop();

        Inventory stale = await(
                remoteInstall.source(),
                "local marked stale",
                i -> i.entries().values().stream()
                        .anyMatch(e -> e.key().cluster().equals("local")
                                && !e.status().problems().isEmpty()
                                && e.status()
                                        .problems()
                                        .get(0)
                                        .message()
                                        .startsWith("cluster local unreachable since")));
        assertThat(stale.entries().keySet().stream()
                        .filter(k -> k.cluster().equals("local"))
                        .count())
                .isEqualTo(localEntries);
        assertThat(failoverServerNames(Translator.translate(stale))).contains(Guide.GREEN + "_gloo-system");
    }

    @Test
    void withOneInstallPerClusterEachStatusIsWrittenOnlyByTheInstallOfItsCluster() throws Exception {
        register(remote, "local", local, "gloo-fed");
        register(local, "remote", remote, "gloo-fed-2");
        List<ControlPlane> planes = new ArrayList<>();
        try {
            for (MockCluster home : List.of(local, remote)) {
                KubeMode install = install(home == local ? BASE_CLUSTERS : REMOTE_CLUSTERS, home);
                ControlPlane plane = ControlPlane.start(
                        new ControlPlane.Settings(
                                null, 0, "127.0.0.1", 0, Duration.ofMillis(20), Duration.ofMillis(200)),
                        install.source(),
                        new PrintStream(PrintStream.nullOutputStream()));
                planes.add(plane);
                install.attach(plane);
            }

            DiscoveredUpstreamsTest.awaitValue("local's scheme status with its targets", () -> {
                Object status = local.status(WatchedKind.FAILOVER_SCHEME, "gloo-fed", "failover-scheme");
                return status instanceof Map<?, ?> m && m.get("targets") != null ? status : null;
            });
            DiscoveredUpstreamsTest.awaitValue(
                    "remote's gateway status",
                    () -> remote.status(WatchedKind.GATEWAY, "gloo-system", "failover-gateway"));
            DiscoveredUpstreamsTest.awaitValue(
                    "green's discovered Upstream status",
                    () -> remote.status(WatchedKind.UPSTREAM, "gloo-system", Guide.GREEN));
        } finally {
            planes.forEach(ControlPlane::close);
        }

        for (MockCluster cluster : List.of(local, remote)) {
            List<TestDispatcher.Request> objectRequests = cluster.dispatcher().requests().stream()
                    .filter(TestDispatcher.Request::onObject)
                    .filter(r -> !r.path().contains("/leases"))
                    .toList();
            MockCluster other = cluster == local ? remote : local;
            assertThat(objectRequests)
                    .as("object reads and writes in " + cluster.name())
                    .noneMatch(r -> r.authorization().equals("Bearer " + tokenOf(other)));
            Map<String, Long> writersPerStatus = objectRequests.stream()
                    .filter(TestDispatcher.Request::statusWrite)
                    .collect(java.util.stream.Collectors.groupingBy(
                            TestDispatcher.Request::path,
                            java.util.stream.Collectors.mapping(
                                    TestDispatcher.Request::authorization,
                                    java.util.stream.Collectors.collectingAndThen(
                                            java.util.stream.Collectors.toSet(), s -> (long) s.size()))));
            assertThat(writersPerStatus)
                    .as("statuses written in " + cluster.name())
                    .isNotEmpty()
                    .allSatisfy((path, writers) -> assertThat(writers).as(path).isEqualTo(1L));
        }
    }

    private KubeMode install(Path clusters, MockCluster home) throws Exception {
        KubeMode install = KubeMode.connect(
                KubeMode.registrations(clusters),
                home.client(),
                r -> fail("cluster " + r.clusterName() + " should be read through its Secret"),
                KubeMode.Options.in("spillway-system").withSource(Guide.FAST));
        installs.add(install);
        install.source().start();
        return install;
    }

    /** What {@code spillway cluster register --cluster-name NAME --context CONTEXT} stores in {@code in}. */
    static void register(MockCluster in, String name, MockCluster target, String context) {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster: {server: "%2$s"}
                users:
                - name: %1$s
                  user: {token: %3$s}
                contexts:
                - name: %1$s
                  context: {cluster: %1$s, user: %1$s}
                current-context: %1$s
                """.formatted(context, target.client().getMasterUrl(), tokenOf(in));
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName("kubeconfig-" + name)
                .withNamespace("spillway-system")
                .addToLabels("spillway.dev/cluster", name)
                .endMetadata()
                .withType("Opaque")
                .addToData(
                        "kubeconfig", Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8)))
                .build();
        in.client().secrets().inNamespace("spillway-system").resource(secret).createOr(NonDeletingOperation::update);
    }

    /** Waits up to 30 s (clusters read through a kubeconfig Secret take a moment on a loaded machine). */
    static Inventory await(KubeSource source, String what, java.util.function.Predicate<Inventory> condition) {
        return DiscoveredUpstreamsTest.awaitValue(what, () -> {
            Inventory inventory = source.current();
            return condition.test(inventory) ? inventory : null;
        });
    }

    /** The (fake) token the install of {@code cluster} reaches the other cluster with: tells writers apart. */
    static String tokenOf(MockCluster cluster) {
        return "test-token-of-" + cluster.name();
    }

    /** The SNI names the remote gateway proxy's 15443 listener forwards. */
    static List<String> failoverServerNames(Translation translation) {
        XdsResources xds = translation.groups().get(REMOTE_PROXY);
        if (xds == null) {
            return fail("no proxy group " + REMOTE_PROXY + " in "
                    + translation.groups().keySet());
        }
        Listener listener = xds.listeners().stream()
                .filter(l -> l.getAddress().getSocketAddress().getPortValue() == 15443)
                .findFirst()
                .orElseGet(() -> fail("no 15443 listener for " + REMOTE_PROXY));
        return listener.getFilterChainsList().stream()
                .map(FilterChain::getFilterChainMatch)
                .flatMap(m -> m.getServerNamesList().stream())
                .toList();
    }
}
