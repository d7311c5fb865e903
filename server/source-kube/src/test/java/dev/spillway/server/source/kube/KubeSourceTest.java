package dev.spillway.server.source.kube;

import static dev.spillway.server.source.kube.Guide.BLUE;
import static dev.spillway.server.source.kube.Guide.BLUE_CLUSTER;
import static dev.spillway.server.source.kube.Guide.GREEN;
import static dev.spillway.server.source.kube.Guide.LOCAL_PROXY;
import static dev.spillway.server.source.kube.Guide.addresses;
import static dev.spillway.server.source.kube.Guide.await;
import static dev.spillway.server.source.kube.Guide.endpoints;
import static dev.spillway.server.source.kube.Guide.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.GatewayAddress;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.source.DecodedEntries;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.State;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guide's scenario read from two mock API servers, {@code local} and {@code remote}. */
class KubeSourceTest {

    private MockCluster local;
    private MockCluster remote;
    private KubeSource source;

    @BeforeEach
    void clusters() {
        local = new MockCluster("local");
        remote = new MockCluster("remote");
    }

    @AfterEach
    void close() {
        // Servers first: see MockCluster#close.
        local.stopIfRunning();
        remote.stopIfRunning();
        if (source != null) {
            source.close();
        }
        local.close();
        remote.close();
    }

    private Inventory start(boolean nodePort) {
        Guide.applyLocal(local);
        Guide.applyRemote(remote, nodePort);
        source = new KubeSource(List.of(local.connection(), remote.connection()), Guide.FAST);
        return source.load();
    }

    @Test
    void readsTheGuidesResourcesUnderTheirNames() {
        Inventory inventory = start(false);

        assertThat(inventory.entries().keySet())
                .containsExactlyInAnyOrder(
                        key(Kind.SECRET, "local", "gloo-system", "failover-upstream"),
                        key(Kind.SERVICE, "local", "default", "service-blue"),
                        key(Kind.ENDPOINTS, "local", "default", "service-blue-x7k2p"),
                        key(Kind.UPSTREAM, "local", "gloo-system", BLUE),
                        key(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "failover-scheme"),
                        key(Kind.VIRTUAL_SERVICE, "local", "gloo-system", "default"),
                        key(Kind.GATEWAY, "local", "gloo-system", "gateway-proxy"),
                        key(Kind.SECRET, "remote", "gloo-system", "failover-downstream"),
                        key(Kind.SERVICE, "remote", "default", "service-green"),
                        key(Kind.ENDPOINTS, "remote", "default", "service-green-m4q9z"),
                        key(Kind.GATEWAY, "remote", "gloo-system", "failover-gateway"),
                        key(Kind.SERVICE, "remote", "gloo-system", "failover"));
        assertThat(inventory.gatewayAddress("remote").origin())
                .as("the remote failover gateway, found in the inventory, not as a Cluster resource")
                .isEqualTo(GatewayAddress.Origin.LOADBALANCER_INGRESS);
        assertThat(inventory.entries().values()).allSatisfy(e -> {
            assertThat(e.status().problems()).as(e.key().toString()).isEmpty();
            assertThat(e.resource()).as(e.key().toString()).isNotNull();
        });
        assertThat(inventory
                        .entries()
                        .get(key(Kind.UPSTREAM, "local", "gloo-system", BLUE))
                        .origin())
                .isEqualTo("local/Upstream/gloo-system/" + BLUE);
    }

    @Test
    void translatesTheGuideIntoFailoverThroughTheLoadBalancer() {
        Translation translation = Translator.translate(start(false));

        assertThat(translation
                        .statuses()
                        .get(key(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "failover-scheme"))
                        .state()
                        .label(Kind.FAILOVER_SCHEME))
                .isEqualTo("ACCEPTED");
        assertThat(translation.statuses()).containsKey(key(Kind.UPSTREAM, "remote", "gloo-system", GREEN));
        assertThat(translation
                        .statuses()
                        .get(key(Kind.UPSTREAM, "local", "gloo-system", BLUE))
                        .state())
                .isEqualTo(State.ACCEPTED);
        ClusterLoadAssignment blue = endpoints(translation, LOCAL_PROXY, BLUE_CLUSTER);
        assertThat(addresses(blue, 0)).containsExactly("10.244.0.11:10000");
        assertThat(addresses(blue, 1)).containsExactly(Guide.LOAD_BALANCER_ADDRESS);
    }

    @Test
    void translatesTheGuideIntoFailoverThroughANodePort() throws InterruptedException {
        Inventory inventory = start(true);
        // The node address comes with the gateway pod's readiness, which may be read after the first inventory.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (inventory.gatewayAddress("remote").address() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
            inventory = source.current();
        }

        GatewayAddress address = inventory.gatewayAddress("remote");
        assertThat(address.origin()).as(address.fault()).isEqualTo(GatewayAddress.Origin.NODE_PORT);
        assertThat(address.address()).isEqualTo(new HostPort("172.18.0.3", 32000));
        ClusterLoadAssignment blue = endpoints(Translator.translate(inventory), LOCAL_PROXY, BLUE_CLUSTER);
        assertThat(addresses(blue, 1)).containsExactly(Guide.NODE_PORT_ADDRESS);
    }

    @Test
    void theRemoteNodesTopologyLabelsBecomeItsFailoverTiersLocality() {
        for (String zone : List.of("us-east1-b", "us-east1-c")) {
            remote.client()
                    .nodes()
                    .resource(new NodeBuilder()
                            .withNewMetadata()
                            .withName("node-" + zone)
                            .withLabels(Map.of(NodeTopology.REGION, "us-east1", NodeTopology.ZONE, zone))
                            .endMetadata()
                            .build())
                    .create();
        }

        ClusterLoadAssignment blue = endpoints(Translator.translate(start(false)), LOCAL_PROXY, BLUE_CLUSTER);

        var tier1 = blue.getEndpointsList().stream()
                .filter(l -> l.getPriority() == 1)
                .findFirst()
                .orElseThrow();
        assertThat(tier1.getLocality().getRegion()).isEqualTo("us-east1");
        // Nodes in two zones: the cluster is in neither.
        assertThat(tier1.getLocality().getZone()).isEmpty();
        assertThat(tier1.getLocality().getSubZone()).isEqualTo("remote");
    }

    @Test
    void patchingTheHealthCheckChangesTheServedCluster() {
        Translation before = Translator.translate(start(false));
        assertThat(Guide.cluster(before, LOCAL_PROXY, BLUE_CLUSTER)
                        .getHealthChecks(0)
                        .getInterval()
                        .getSeconds())
                .isEqualTo(1);

        local.client()
                .genericKubernetesResources(WatchedKind.UPSTREAM.context())
                .inNamespace("gloo-system")
                .withName(BLUE)
                .edit(u -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec =
                            (Map<String, Object>) u.getAdditionalProperties().get("spec");
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> checks = (List<Map<String, Object>>) spec.get("healthChecks");
                    checks.get(0).put("interval", "5s");
                    return u;
                });
        Inventory patched = await(source, "the patched health check", i -> blueInterval(i) == 5);

        Translation after = Translator.translate(patched);
        assertThat(Guide.cluster(after, LOCAL_PROXY, BLUE_CLUSTER)
                        .getHealthChecks(0)
                        .getInterval()
                        .getSeconds())
                .isEqualTo(5);
        assertThat(addresses(endpoints(after, LOCAL_PROXY, BLUE_CLUSTER), 1))
                .containsExactly(Guide.LOAD_BALANCER_ADDRESS);
    }

    private static long blueInterval(Inventory inventory) {
        Inventory.Entry entry = inventory.entries().get(key(Kind.UPSTREAM, "local", "gloo-system", BLUE));
        return ((Upstream) entry.resource()).healthChecks().get(0).interval().getSeconds();
    }

    @Test
    void deletingTheFailoverSchemeRemovesExactlyThePriorityOneEndpoints() {
        Inventory with = start(false);
        ClusterLoadAssignment before = endpoints(Translator.translate(with), LOCAL_PROXY, BLUE_CLUSTER);
        ResourceKey scheme = key(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "failover-scheme");

        local.delete("local/failover-scheme.yaml");
        Inventory without =
                await(source, "the scheme deleted", i -> !i.entries().containsKey(scheme));

        ClusterLoadAssignment after = endpoints(Translator.translate(without), LOCAL_PROXY, BLUE_CLUSTER);
        assertThat(addresses(before, 1)).isNotEmpty();
        assertThat(after.getEndpointsList()).containsExactlyElementsOf(Guide.localities(before, 0));
        Map<ResourceKey, Inventory.Entry> others = new TreeMap<>(with.entries());
        others.remove(scheme);
        assertThat(without.entries()).isEqualTo(others);
    }

    @Test
    void aBrokenUpdateKeepsTheLastGoodVersion() {
        Inventory before = start(false);
        Upstream good = (Upstream) before.entries()
                .get(key(Kind.UPSTREAM, "local", "gloo-system", BLUE))
                .resource();

        local.client()
                .genericKubernetesResources(WatchedKind.UPSTREAM.context())
                .inNamespace("gloo-system")
                .withName(BLUE)
                .edit(u -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec =
                            (Map<String, Object>) u.getAdditionalProperties().get("spec");
                    spec.put("healthChecks", "not a list");
                    return u;
                });
        Inventory broken = await(
                source,
                "the broken Upstream",
                i -> i.entries()
                                .get(key(Kind.UPSTREAM, "local", "gloo-system", BLUE))
                                .status()
                                .state()
                        == State.REJECTED);

        Inventory.Entry entry = broken.entries().get(key(Kind.UPSTREAM, "local", "gloo-system", BLUE));
        assertThat(entry.resource()).isEqualTo(good);
        assertThat(entry.status().reason()).contains("spec.healthChecks").endsWith(DecodedEntries.KEPT);
    }

    @Test
    void readsOnlyTheWatchedNamespaces() {
        Guide.applyLocal(local);
        source =
                new KubeSource(List.of(local.connection()), Guide.fast(List.of("gloo-system"), Duration.ofSeconds(10)));

        Inventory inventory = source.load();

        assertThat(inventory.entries().keySet())
                .allSatisfy(k -> assertThat(k.namespace()).isEqualTo("gloo-system"));
        assertThat(inventory.entries()).containsKey(key(Kind.UPSTREAM, "local", "gloo-system", BLUE));
    }

    @Test
    void aClusterWithoutTheFailoverSchemeCrdIsReadInFull() {
        remote.dispatcher().withoutResource(WatchedKind.FAILOVER_SCHEME.plural());

        Inventory inventory = start(false);

        assertThat(inventory.entries()).containsKey(key(Kind.GATEWAY, "remote", "gloo-system", "failover-gateway"));
        assertThat(inventory.entries().values())
                .allSatisfy(e -> assertThat(e.status().problems()).isEmpty());
    }
}
