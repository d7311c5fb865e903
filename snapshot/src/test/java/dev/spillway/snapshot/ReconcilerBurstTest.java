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
import dev.spillway.translator.Translator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bursts of changes against the default debounce, on a clock the test moves. */
class ReconcilerBurstTest {
    private static final ProxyGroup GROUP = new ProxyGroup("local", "gateway-proxy");
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aThousandChangesWithinASecondAreTranslatedAtMostTwiceTheLastTimeWithAllOfThem() {
        ManualScheduler clock = new ManualScheduler();
        SnapshotStore store = new SnapshotStore();
        List<Translation> translations = new ArrayList<>();
        try (Reconciler reconciler = new Reconciler(store, Reconciler.Settings.DEFAULT, clock)) {
            reconciler.reconcileNow(inventory(0));
            reconciler.addListener(translations::add);
            Random random = new Random(7);
            long[] times = random.longs(1000, 0, 1000 * MS).sorted().toArray();
            Inventory last = null;
            for (int i = 0; i < times.length; i++) {
                clock.advanceTo(times[i]);
                last = inventory(i + 1);
                reconciler.submit(last);
            }
            clock.advanceTo(times[times.length - 1] + 10_000 * MS);

            assertThat(translations).hasSizeBetween(1, 2);
            Translation final_ = translations.get(translations.size() - 1);
            assertThat(final_.inventory()).isSameAs(last);
            assertThat(store.get(GROUP).of(XdsType.ENDPOINT).resources())
                    .as("the last push holds the last change")
                    .hasSize(Translator.translate(last)
                            .groups()
                            .get(GROUP)
                            .endpoints()
                            .size());
        }
    }

    @Test
    void changesThatNeverPauseArePublishedEveryMaximumDelay() {
        ManualScheduler clock = new ManualScheduler();
        List<Translation> translations = new ArrayList<>();
        Reconciler.Settings settings = new Reconciler.Settings(Duration.ofMillis(300), Duration.ofMillis(600));
        try (Reconciler reconciler = new Reconciler(new SnapshotStore(), settings, clock)) {
            reconciler.addListener(translations::add);
            for (int i = 0; i < 30; i++) {
                clock.advanceTo(i * 100 * MS);
                reconciler.submit(inventory(i % 7 + 1));
            }
            // 3 s of changes every 100 ms never leave a 300 ms quiet period: only the 600 ms maximum publishes.
            assertThat(translations).hasSize(4);
            clock.advanceTo(10_000 * MS);
            assertThat(translations).hasSize(5);
        }
    }

    @Test
    void aSingleChangeWaitsOnlyTheQuietPeriod() {
        ManualScheduler clock = new ManualScheduler();
        List<Translation> translations = new ArrayList<>();
        try (Reconciler reconciler = new Reconciler(new SnapshotStore(), Reconciler.Settings.DEFAULT, clock)) {
            reconciler.addListener(translations::add);
            reconciler.submit(inventory(3));
            clock.advanceTo(99 * MS);
            assertThat(translations).isEmpty();
            clock.advanceTo(100 * MS);
            assertThat(translations).hasSize(1);
            assertThat(reconciler.lastTiming().debounceNanos()).isEqualTo(100 * MS);
        }
    }

    /** Three upstreams; change {@code n} moves the first one's endpoint. */
    private static Inventory inventory(int n) {
        List<Resource> resources = new ArrayList<>();
        resources.add(new Gateway(
                meta("gateway-proxy"),
                "::",
                8080,
                List.of("gateway-proxy"),
                new Gateway.HttpGateway(Map.of(), List.of()),
                null));
        for (int i = 0; i < 3; i++) {
            String address = i == 0 ? "10.1." + (n / 250) + "." + (n % 250 + 1) : "10.0.0." + (i + 1);
            resources.add(new Upstream(
                    meta("u" + i),
                    null,
                    new Upstream.StaticBackend(List.of(new HostPort(address, 8080)), false),
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
