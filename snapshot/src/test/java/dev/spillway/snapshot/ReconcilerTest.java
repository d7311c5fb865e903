package dev.spillway.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.translator.Translation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static final ProxyGroup GROUP = new ProxyGroup("local", "gateway-proxy");

    @Test
    void aBurstOfChangesIsTranslatedOnceWithTheLatestInventory() {
        SnapshotStore store = new SnapshotStore();
        ManualScheduler clock = new ManualScheduler();
        List<Translation> translations = new java.util.ArrayList<>();
        try (Reconciler reconciler =
                new Reconciler(store, new Reconciler.Settings(Duration.ofMillis(200), Duration.ofSeconds(5)), clock)) {
            reconciler.reconcileNow(inventory(1));
            reconciler.addListener(translations::add);
            for (int i = 1; i <= 5; i++) {
                clock.advanceTo(TimeUnit.MILLISECONDS.toNanos(10 * i));
                reconciler.submit(inventory(i));
            }

            clock.advanceTo(TimeUnit.SECONDS.toNanos(60));
            assertThat(translations).hasSize(1);
            assertThat(store.get(GROUP).of(XdsType.CLUSTER).resources()).hasSize(5);
        }
    }

    @Test
    void aGroupThatDisappearsIsCleared() {
        SnapshotStore store = new SnapshotStore();
        try (Reconciler reconciler = new Reconciler(store, Reconciler.Settings.DEFAULT)) {
            reconciler.reconcileNow(inventory(2));
            assertThat(store.get(GROUP).of(XdsType.CLUSTER).resources()).hasSize(2);

            reconciler.reconcileNow(Inventory.EMPTY);

            assertThat(store.get(GROUP).of(XdsType.CLUSTER).resources()).isEmpty();
        }
    }

    private static Inventory inventory(int upstreams) {
        List<Resource> resources = new java.util.ArrayList<>();
        resources.add(new Gateway(
                meta("gateway-proxy"),
                "::",
                8080,
                List.of("gateway-proxy"),
                new Gateway.HttpGateway(Map.of(), List.of()),
                null));
        for (int i = 0; i < upstreams; i++) {
            resources.add(new Upstream(
                    meta("u" + i),
                    null,
                    new Upstream.StaticBackend(List.of(new HostPort("10.0.0." + (i + 1), 8080)), false),
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    false));
        }
        return Inventory.of(resources.stream()
                .map(r -> new Inventory.Entry(r.key(), r, ResourceStatus.ACCEPTED, "test"))
                .toList());
    }

    private static ObjectMeta meta(String name) {
        return new ObjectMeta("local", "gloo-system", name, Map.of(), 0, "");
    }
}
