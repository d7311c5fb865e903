package dev.spillway.server.source.kube;

import static dev.spillway.server.source.kube.Guide.BLUE;
import static dev.spillway.server.source.kube.Guide.await;
import static dev.spillway.server.source.kube.Guide.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.source.Inventory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A watch that resumes from a resourceVersion the API server no longer has is answered 410 Gone: the
 * informers list again, and the inventory becomes what the cluster holds now, with nothing lost on the way.
 */
class WatchExpiryTest {

    private static final ResourceKey STATIC = key(Kind.UPSTREAM, "local", "gloo-system", "static-echo");
    private static final ResourceKey DANGLING = key(Kind.VIRTUAL_SERVICE, "local", "gloo-system", "dangling");
    private static final ResourceKey BLUE_UPSTREAM = key(Kind.UPSTREAM, "local", "gloo-system", BLUE);

    private MockCluster local;
    private MockCluster remote;
    private KubeSource source;
    private KubeSource fresh;
    private final List<Inventory> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        local = new MockCluster("local");
        remote = new MockCluster("remote");
        Guide.applyLocal(local);
        local.apply("local/virtual-service-dangling.yaml");
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
        if (fresh != null) {
            fresh.close();
        }
        local.close();
        remote.close();
    }

    @Test
    void aWatchAnsweredGoneListsAgainAndShowsWhatChangedMeanwhileKeepingEverythingElse() {
        Guide.awaitWatching(source);
        Inventory before = source.current();
        assertThat(before.entries()).containsKey(DANGLING).doesNotContainKey(STATIC);
        Set<ResourceKey> untouched = new TreeSet<>(before.entries().keySet());
        untouched.remove(DANGLING);
        untouched.remove(BLUE_UPSTREAM);
        published.clear();

        // The watches drop; meanwhile one object is created, one changed and one deleted, and the API
        // server compacts the history the watches would resume from.
        local.stop();
        local.changeWhileDown(changes -> {
            changes.apply("local/upstream-static.yaml");
            changes.delete("local/virtual-service-dangling.yaml");
            changes.client()
                    .genericKubernetesResources(WatchedKind.UPSTREAM.context())
                    .inNamespace("gloo-system")
                    .withName(BLUE)
                    .edit(u -> {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> spec = (Map<String, Object>)
                                u.getAdditionalProperties().get("spec");
                        spec.put("connectionConfig", Map.of("connectTimeout", "2s"));
                        return u;
                    });
            local.dispatcher().compactHistoryBefore(changes.revision());
        });
        local.restart();

        Inventory after = await(
                source,
                "the changes made while the watches were down",
                i -> i.entries().containsKey(STATIC)
                        && !i.entries().containsKey(DANGLING)
                        && connectTimeout(i) != null
                        && !stale(i));
        Guide.awaitWatching(source);

        assertThat(local.dispatcher().goneServed())
                .as("watches answered 410 Gone")
                .contains("/apis/gloo.solo.io/v1/upstreams", "/apis/gateway.solo.io/v1/virtualservices");
        assertThat(connectTimeout(after)).isEqualTo(Duration.ofSeconds(2));
        fresh = new KubeSource(List.of(local.connection(), remote.connection()), Guide.FAST);
        fresh.load();
        await(
                fresh,
                "a source that read the clusters afresh to hold the same",
                i -> i.entries().equals(after.entries()));
        assertThat(published)
                .as("every inventory on the way kept the resources nobody touched")
                .isNotEmpty()
                .allSatisfy(i -> assertThat(i.entries().keySet()).containsAll(untouched));
    }

    private static Duration connectTimeout(Inventory inventory) {
        Inventory.Entry blue = inventory.entries().get(BLUE_UPSTREAM);
        return blue == null ? null : ((Upstream) blue.resource()).connectTimeout();
    }

    private static boolean stale(Inventory inventory) {
        return inventory.entries().values().stream()
                .anyMatch(e -> e.status().reason().contains("unreachable since"));
    }
}
