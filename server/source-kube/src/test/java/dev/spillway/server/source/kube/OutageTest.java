package dev.spillway.server.source.kube;

import static dev.spillway.server.source.kube.Guide.BLUE_CLUSTER;
import static dev.spillway.server.source.kube.Guide.LOCAL_PROXY;
import static dev.spillway.server.source.kube.Guide.addresses;
import static dev.spillway.server.source.kube.Guide.await;
import static dev.spillway.server.source.kube.Guide.endpoints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.State;
import dev.spillway.translator.Translator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A cluster whose API server goes away keeps serving its last known resources, marked stale. */
class OutageTest {

    private MockCluster local;
    private MockCluster remote;
    private KubeSource source;
    private final List<Inventory> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        local = new MockCluster("local");
        remote = new MockCluster("remote");
        Guide.applyLocal(local);
        Guide.applyRemote(remote, false);
        source = new KubeSource(List.of(local.connection(), remote.connection()), Guide.FAST);
        source.subscribe(published::add);
        source.start();
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

    @Test
    void anUnreachableClusterKeepsItsResourcesMarkedStaleUntilItIsBack() {
        Guide.awaitWatching(source);
        Inventory before = source.current();
        Set<ResourceKey> remoteKeys = keysOf(before, "remote");
        published.clear();

        remote.stop();
        Inventory stale = await(source, "remote marked stale", i -> staleIn(i, "remote"));

        assertThat(keysOf(stale, "remote")).isEqualTo(remoteKeys);
        assertThat(stale.entries().values())
                .filteredOn(e -> e.key().cluster().equals("remote"))
                .allSatisfy(e -> {
                    assertThat(e.resource())
                            .isEqualTo(before.entries().get(e.key()).resource());
                    assertThat(e.status().state()).isEqualTo(State.WARNING);
                    assertThat(e.status().problems()).singleElement().satisfies(p -> {
                        assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
                        assertThat(p.field()).isEmpty();
                        assertThat(p.message())
                                .matches("cluster remote unreachable since \\S+Z: serving its last known resources");
                    });
                });
        assertThat(stale.entries().values())
                .filteredOn(e -> e.key().cluster().equals("local"))
                .allSatisfy(e -> assertThat(e.status())
                        .isEqualTo(before.entries().get(e.key()).status()));
        assertThat(addresses(endpoints(Translator.translate(stale), LOCAL_PROXY, BLUE_CLUSTER), 1))
                .containsExactly(Guide.LOAD_BALANCER_ADDRESS);

        remote.restart();
        Inventory back = await(source, "remote reachable again", i -> !staleIn(i, "remote"));

        assertThat(back).isEqualTo(before);
        Guide.sleep(500);
        assertThat(published)
                .as("one inventory to mark the outage, one to clear it")
                .hasSize(2);
    }

    private static boolean staleIn(Inventory inventory, String cluster) {
        return inventory.entries().values().stream()
                .anyMatch(e -> e.key().cluster().equals(cluster)
                        && e.status().reason().contains("cluster " + cluster + " unreachable since"));
    }

    private static Set<ResourceKey> keysOf(Inventory inventory, String cluster) {
        return inventory.entries().keySet().stream()
                .filter(k -> k.cluster().equals(cluster))
                .collect(Collectors.toSet());
    }
}
