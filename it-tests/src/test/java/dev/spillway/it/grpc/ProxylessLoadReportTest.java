package dev.spillway.it.grpc;

import static dev.spillway.it.grpc.Color.BLUE;
import static dev.spillway.it.grpc.Color.GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.server.failover.TierActivity;
import dev.spillway.server.failover.TierChange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grpc-java's own xDS client reports its load (LRS) to Spillway, per locality and without priorities: the
 * FailoverScheme's active tier follows its traffic from blue to remote's green when blue stops, and back when
 * blue returns; the metric follows.
 */
class ProxylessLoadReportTest {
    private static final ResourceKey SCHEME = new ResourceKey(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "color");
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Short, so that each step needs only a few reports; grpc-java takes it from the LoadStatsResponse. */
    private static final Duration INTERVAL = Duration.ofMillis(300);

    @TempDir
    Path configDir;

    private ProxylessFixture fixture;
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private Thread traffic;

    @BeforeEach
    void start() throws Exception {
        fixture = ProxylessFixture.start(configDir, INTERVAL);
    }

    @AfterEach
    void stop() throws Exception {
        sending.set(false);
        if (traffic != null) {
            traffic.join(10_000);
        }
        fixture.close();
    }

    @Test
    void activeTierGoesFromThePrimaryToTheFailoverTierAndBack() throws Exception {
        fixture.awaitFirstAnswer(BLUE);
        List<TierChange> changes = new CopyOnWriteArrayList<>();
        fixture.controlPlane().loadAccounting().onChange(changes::add);
        traffic = new Thread(this::callBackToBack, "color-traffic");
        traffic.setDaemon(true);
        traffic.start();

        TierActivity primary = awaitActivity("blue's traffic reported", a -> a.activeTier() == 0);
        assertThat(primary.percentByTier().get(0)).isGreaterThan(90.0);
        assertThat(fixture.admin().metrics()).contains(activeTier(0));

        fixture.blue().stop();
        fixture.awaitAnswer(GREEN, WAIT);
        TierActivity failedOver = awaitActivity("green's traffic reported", a -> a.activeTier() == 1);
        assertThat(failedOver.lastChange().message())
                .isEqualTo("traffic moved from tier 0 to tier 1 on 1 of 1 proxyless gRPC clients");
        assertThat(fixture.admin().metrics()).contains(activeTier(1));

        fixture.blue().restart();
        fixture.awaitAnswer(BLUE, WAIT);
        TierActivity recovered = awaitActivity("blue's traffic reported again", a -> a.activeTier() == 0);
        assertThat(recovered.lastChange().from()).isEqualTo(1);
        assertThat(fixture.admin().metrics()).contains(activeTier(0));
        assertThat(changes).extracting(c -> c.from() + "->" + c.to()).containsExactly("0->1", "1->0");
    }

    private static String activeTier(int tier) {
        return "spillway_failover_active_tier{group=\"local/(proxyless)\",scheme=\"gloo-fed/color\"} " + tier + ".0";
    }

    private void callBackToBack() {
        while (sending.get()) {
            try {
                Color.get(fixture.channel());
            } catch (RuntimeException e) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private TierActivity awaitActivity(String what, Predicate<TierActivity> condition) {
        return Eventually.await(
                what,
                WAIT,
                () -> fixture.controlPlane()
                        .failoverActivity()
                        .of(SCHEME, ProxylessFixture.GROUP)
                        .filter(condition)
                        .orElse(null));
    }
}
