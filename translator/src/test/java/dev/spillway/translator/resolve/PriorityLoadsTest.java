package dev.spillway.translator.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.translator.resolve.PriorityLoads.Level;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The port of Envoy's priority arithmetic against the cases Envoy's own comments and docs work through. */
class PriorityLoadsTest {

    @Test
    void withEnvoysDefaultFactorAPriorityHoldsUntilFewerThan72PercentAreHealthy() {
        // "If 80% of hosts are healthy, that priority's health is still 100% (80%*1.4=112%)".
        assertThat(PriorityLoads.of(List.of(new Level(10, 8, 140), new Level(1, 1, 140)), 50)
                        .load())
                .containsExactly(100, 0);
        // 7 of 10 healthy: 7 * 140 / 10 = 98, so 2% spills to priority 1.
        assertThat(PriorityLoads.of(List.of(new Level(10, 7, 140), new Level(1, 1, 140)), 50)
                        .load())
                .containsExactly(98, 2);
    }

    @Test
    void aFactorOf200KeepsATierWholeDownToHalfItsHosts() {
        assertThat(PriorityLoads.of(List.of(new Level(4, 2, 200), new Level(1, 1, 200)), 50)
                        .load())
                .containsExactly(100, 0);
        assertThat(PriorityLoads.of(List.of(new Level(4, 1, 200), new Level(1, 1, 200)), 50)
                        .load())
                .containsExactly(50, 50);
    }

    @Test
    void noPanicWhileThePrioritiesTogetherAreFullyHealthy() {
        PriorityLoads.Split split = PriorityLoads.of(List.of(new Level(10, 1, 140), new Level(1, 1, 140)), 50);

        assertThat(split.panic()).containsExactly(false, false);
        assertThat(split.load()).containsExactly(14, 86);
    }

    @Test
    void underATotalOf100ALowPriorityPanicsAndItsShareReachesUnhealthyHosts() {
        // 1 of 4 primaries, 1 of 2 at priority 1: health 35 + 70 = 105 with 140, so no panic...
        assertThat(PriorityLoads.of(List.of(new Level(4, 1, 140), new Level(2, 1, 140)), 50)
                        .panic())
                .containsExactly(false, false);
        // ...but with factor 100 the total is 25 + 50 = 75: the primary (25% healthy) panics.
        PriorityLoads.Split split = PriorityLoads.of(List.of(new Level(4, 1, 100), new Level(2, 1, 100)), 50);
        assertThat(split.panic()).containsExactly(true, false);
        assertThat(split.load()).containsExactly(34, 66);
        assertThat(split.unhealthyServed(0, new Level(4, 1, 100))).isTrue();
    }

    @Test
    void inTotalPanicLoadFollowsHostCounts() {
        PriorityLoads.Split split = PriorityLoads.of(List.of(new Level(3, 0, 140), new Level(1, 0, 140)), 50);

        assertThat(split.panic()).containsExactly(true, true);
        assertThat(split.load()).containsExactly(75, 25);
    }

    @Test
    void withPanicOffAndNothingHealthyTheLoadStaysOnPriority0() {
        PriorityLoads.Split split = PriorityLoads.of(List.of(new Level(3, 0, 140), new Level(1, 0, 140)), 0);

        assertThat(split.panic()).containsExactly(false, false);
        assertThat(split.load()).containsExactly(100, 0);
    }
}
