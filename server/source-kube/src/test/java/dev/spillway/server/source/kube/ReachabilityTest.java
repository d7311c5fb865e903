package dev.spillway.server.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A watch down briefly is routine; down past the grace period, the cluster is unreachable. */
class ReachabilityTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.400Z");
    private final Reachability reachability = new Reachability(Duration.ofSeconds(5));

    @Test
    void aBriefReconnectIsNoOutage() {
        assertThat(reachability.observe(false, T0)).isFalse();
        assertThat(reachability.observe(true, T0.plusSeconds(2))).isFalse();
        assertThat(reachability.observe(false, T0.plusSeconds(3))).isFalse();
        assertThat(reachability.observe(false, T0.plusSeconds(7))).isFalse();
        assertThat(reachability.unreachableSince()).isNull();
    }

    @Test
    void anOutageIsDatedFromWhenTheWatchesWentDown() {
        reachability.observe(false, T0);

        assertThat(reachability.observe(false, T0.plusSeconds(5))).isTrue();
        assertThat(reachability.unreachableSince()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(reachability.observe(false, T0.plusSeconds(6)))
                .as("reported once")
                .isFalse();
    }

    @Test
    void watchesBackEndTheOutage() {
        reachability.observe(false, T0);
        reachability.observe(false, T0.plusSeconds(10));

        assertThat(reachability.observe(true, T0.plusSeconds(11))).isTrue();
        assertThat(reachability.unreachableSince()).isNull();
        assertThat(reachability.observe(true, T0.plusSeconds(12))).isFalse();
    }
}
