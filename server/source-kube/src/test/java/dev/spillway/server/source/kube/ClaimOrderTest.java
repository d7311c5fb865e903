package dev.spillway.server.source.kube;

import static dev.spillway.server.source.kube.Guide.await;
import static dev.spillway.server.source.kube.Guide.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.api.status.State;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An object edited onto what another holds live is the newcomer there, however old the object is. */
class ClaimOrderTest {
    private static final ResourceKey LIVE = key(Kind.GATEWAY, "local", "gloo-system", "gateway-proxy");
    private static final ResourceKey EDITED = key(Kind.GATEWAY, "local", "gloo-system", "aaa-gw");

    private MockCluster local;
    private MockCluster remote;
    private KubeSource source;

    @BeforeEach
    void start() {
        local = new MockCluster("local");
        remote = new MockCluster("remote");
        // Created before the guide's Gateway, and named before it: older by creation time, or tied and
        // first by name.
        gateways().inNamespace("gloo-system").resource(gateway("aaa-gw", 9090)).create();
        Guide.applyLocal(local);
        Guide.applyRemote(remote, false);
        source = new KubeSource(List.of(local.connection(), remote.connection()), Guide.FAST);
        source.start();
    }

    @AfterEach
    void close() {
        local.stopIfRunning();
        remote.stopIfRunning();
        if (source != null) {
            source.close();
        }
        local.close();
        remote.close();
    }

    @Test
    void anOlderGatewayEditedOntoTheLivePortIsTheOneRejected() {
        await(
                source,
                "both Gateways",
                i -> port(i, EDITED) == 9090 && i.entries().containsKey(LIVE));
        String edited = local.get(WatchedKind.GATEWAY, "gloo-system", "aaa-gw")
                .getMetadata()
                .getCreationTimestamp();
        String live = local.get(WatchedKind.GATEWAY, "gloo-system", "gateway-proxy")
                .getMetadata()
                .getCreationTimestamp();
        assertThat(edited == null || live == null || edited.compareTo(live) <= 0)
                .as("aaa-gw created no later than gateway-proxy (%s, %s)", edited, live)
                .isTrue();

        gateways().inNamespace("gloo-system").withName("aaa-gw").edit(g -> {
            spec(g).put("bindPort", 8080);
            return g;
        });
        Translation translation = Translator.translate(await(source, "the edit", i -> port(i, EDITED) == 8080));

        ResourceStatus rejected = translation.statuses().get(EDITED);
        assertThat(rejected.reason())
                .contains("spec.bindPort")
                .contains("8080 on :: is already bound by Gateway gloo-system/gateway-proxy");
        assertThat(translation.statuses().get(LIVE).state()).isNotEqualTo(State.REJECTED);
        assertThat(translation.groups().get(Guide.LOCAL_PROXY).listeners())
                .extracting(l -> l.getAddress().getSocketAddress().getPortValue())
                .containsExactly(8080);
    }

    private io.fabric8.kubernetes.client.dsl.MixedOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
            gateways() {
        return local.client().genericKubernetesResources(WatchedKind.GATEWAY.context());
    }

    private static GenericKubernetesResource gateway(String name, int port) {
        GenericKubernetesResource gateway = new GenericKubernetesResource();
        gateway.setApiVersion("gateway.solo.io/v1");
        gateway.setKind("Gateway");
        gateway.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("gloo-system")
                .withCreationTimestamp("2020-01-01T00:00:00Z")
                .build());
        gateway.setAdditionalProperty(
                "spec",
                new java.util.LinkedHashMap<>(Map.of(
                        "bindAddress",
                        "::",
                        "bindPort",
                        port,
                        "httpGateway",
                        Map.of(),
                        "proxyNames",
                        List.of("gateway-proxy"))));
        return gateway;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource object) {
        return (Map<String, Object>) object.getAdditionalProperties().get("spec");
    }

    private static int port(Inventory inventory, ResourceKey key) {
        Inventory.Entry entry = inventory.entries().get(key);
        return entry != null && entry.resource() instanceof Gateway g ? g.bindPort() : -1;
    }
}
