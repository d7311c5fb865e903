package dev.spillway.server.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.State;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code examples/failover}, the guide's scenario on one machine, reads without a single problem. */
class ExampleFilesTest {

    private static final Path EXAMPLE = Path.of("../../examples/failover");

    private static ResourceKey key(Kind kind, String cluster, String namespace, String name) {
        return new ResourceKey(kind, cluster, namespace, name);
    }

    @Test
    void everyResourceIsAcceptedWithoutWarnings() throws IOException {
        Inventory inventory = new FileSource(EXAMPLE).load();

        assertThat(inventory.entries().values())
                .as(ConfigTree.describe(inventory))
                .allSatisfy(e -> {
                    assertThat(e.status().state()).as(e.key().toString()).isEqualTo(State.ACCEPTED);
                    assertThat(e.status().problems()).as(e.key().toString()).isEmpty();
                    assertThat(e.resource()).as(e.key().toString()).isNotNull();
                });
    }

    @Test
    void everyResourceOfTheScenarioIsPresent() throws IOException {
        Inventory inventory = new FileSource(EXAMPLE).load();

        assertThat(inventory.entries().keySet())
                .containsExactlyInAnyOrder(
                        key(Kind.CLUSTER, "local", "", "local"),
                        key(Kind.SERVICE, "local", "default", "service-blue"),
                        key(Kind.ENDPOINTS, "local", "default", "service-blue"),
                        key(Kind.UPSTREAM, "local", "gloo-system", "default-service-blue-10000"),
                        key(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "failover-scheme"),
                        key(Kind.VIRTUAL_SERVICE, "local", "gloo-system", "default"),
                        key(Kind.GATEWAY, "local", "gloo-system", "gateway-proxy"),
                        key(Kind.SECRET, "local", "gloo-system", "failover-upstream"),
                        key(Kind.CLUSTER, "remote", "", "remote"),
                        key(Kind.SERVICE, "remote", "default", "service-green"),
                        key(Kind.ENDPOINTS, "remote", "default", "service-green"),
                        key(Kind.UPSTREAM, "remote", "gloo-system", "default-service-green-10000"),
                        key(Kind.GATEWAY, "remote", "gloo-system", "failover-gateway"),
                        key(Kind.SERVICE, "remote", "gloo-system", "failover"),
                        key(Kind.GATEWAY, "remote", "gloo-system", "gateway-proxy"),
                        key(Kind.SECRET, "remote", "gloo-system", "failover-downstream"));
    }

    @Test
    void originsNameTheFiles() throws IOException {
        Inventory inventory = new FileSource(EXAMPLE).load();

        assertThat(inventory
                        .entries()
                        .get(key(Kind.GATEWAY, "remote", "gloo-system", "failover-gateway"))
                        .origin())
                .isEqualTo("remote/failover-gateway.yaml");
        assertThat(inventory
                        .entries()
                        .get(key(Kind.SECRET, "local", "gloo-system", "failover-upstream"))
                        .origin())
                .isEqualTo("local/secret-failover-upstream.yaml");
    }
}
