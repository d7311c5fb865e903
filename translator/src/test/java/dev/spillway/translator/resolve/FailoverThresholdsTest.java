package dev.spillway.translator.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.FailoverScheme.FailoverGroup;
import dev.spillway.api.model.FailoverScheme.Target;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.translator.model.UpstreamCluster.Endpoint;
import dev.spillway.translator.model.UpstreamCluster.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverThresholdsTest {
    private static final Target BLUE = new Target("local", new ResourceRef("blue", "gloo-system"));
    private static final Target GREEN = new Target("remote", new ResourceRef("green", "gloo-system"));
    private static final Target TEAL = new Target("remote", new ResourceRef("teal", "gloo-system"));

    private static FailoverScheme scheme(List<FailoverGroup> groups, Integer factor, Double threshold, Double panic) {
        return new FailoverScheme(
                new ObjectMeta("local", "gloo-fed", "scheme", Map.of(), 0, ""), BLUE, groups, factor, threshold, panic);
    }

    /** The primary's own hosts at priority 0, then each failover priority's, every one at its own address. */
    private static List<Tier> hosts(int primary, int... perPriority) {
        List<Tier> tiers = new ArrayList<>();
        tiers.add(tier(0, primary));
        for (int i = 0; i < perPriority.length; i++) {
            tiers.add(tier(i + 1, perPriority[i]));
        }
        return tiers;
    }

    private static Tier tier(int priority, int hosts) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            endpoints.add(new Endpoint("10.0." + priority + "." + h, 10000, null, null));
        }
        return new Tier(priority, "", "", "c" + priority, endpoints);
    }

    @Test
    void thePercentageBecomesTheFactorThatKeepsATierWholeAtExactlyThatShare() {
        assertThat(FailoverThresholds.factorFor(50)).isEqualTo(200);
        assertThat(FailoverThresholds.factorFor(100)).isEqualTo(100);
        assertThat(FailoverThresholds.factorFor(12.5)).isEqualTo(800);
        assertThat(FailoverThresholds.factorFor(100.0 / 3)).isEqualTo(300);
        // 10000/30 = 333.3: 333 would let 3 of 10 healthy (exactly 30%) spill, 334 keeps them.
        assertThat(FailoverThresholds.factorFor(30)).isEqualTo(334);
        assertThat(PriorityLoads.of(List.of(new PriorityLoads.Level(10, 3, 334), new PriorityLoads.Level(1, 1, 334)), 0)
                        .load())
                .containsExactly(100, 0);
        assertThat(FailoverThresholds.factorFor(1e-12)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void theStatusStatesTheFactorAndWhenTrafficMoves() {
        FailoverThresholds.Resolved r =
                FailoverThresholds.of(scheme(List.of(new FailoverGroup(List.of(GREEN))), null, 50.0, 0.0), hosts(4, 1));

        assertThat(r.factor()).isEqualTo(200);
        assertThat(r.panic()).isEqualTo(0.0);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.traffic().overprovisioningFactor()).isEqualTo(200);
        assertThat(r.traffic().failoverThresholdPercent().toPlainString()).isEqualTo("50");
        assertThat(r.traffic().whenTrafficMoves())
                .startsWith("the primary keeps all its traffic while at least 50% of its hosts are healthy (2 of 4)")
                .contains("priority 1 keeps all its traffic while at least 50% of its hosts are healthy (1 of 1)")
                .endsWith("panic mode is off: unhealthy hosts never get requests");
    }

    @Test
    void withoutAThresholdTheStatusExplainsEnvoysDefaults() {
        FailoverThresholds.Resolved r = FailoverThresholds.of(
                scheme(List.of(new FailoverGroup(List.of(GREEN))), null, null, null), hosts(1, 1));

        assertThat(r.factor()).isNull();
        assertThat(r.panic()).isNull();
        assertThat(r.traffic().overprovisioningFactor()).isEqualTo(140);
        assertThat(r.traffic().failoverThresholdPercent().toPlainString()).isEqualTo("71.43");
        assertThat(r.traffic().healthyPanicThresholdPercent()).isEqualTo(50);
        assertThat(r.traffic().panicThresholdFrom()).isEqualTo("Envoy's default");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void panicThatSendsRequestsToUnhealthyPrimariesWhileFailoverHostsAreHealthyIsAWarning() {
        // Two targets in one group: with 1 of 2 healthy, priority 1 stands at 50% health (factor 100), so the
        // priorities together are under 100% and a primary under 50% healthy panics.
        FailoverThresholds.Resolved r = FailoverThresholds.of(
                scheme(List.of(new FailoverGroup(List.of(GREEN, TEAL))), null, 100.0, null), hosts(4, 2));

        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.field()).isEqualTo("spec.healthyPanicThreshold");
            assertThat(w.message())
                    .contains("with 1 of 4 primary hosts and 1 of 2 hosts at priority 1 healthy, 34% of "
                            + "requests go to any primary host, healthy or not")
                    .endsWith("set spec.healthyPanicThreshold to 25 or less (0 turns panic off)");
        });
        // The suggested threshold indeed ends it.
        assertThat(FailoverThresholds.of(
                                scheme(List.of(new FailoverGroup(List.of(GREEN, TEAL))), null, 100.0, 25.0),
                                hosts(4, 2))
                        .warnings())
                .isEmpty();
    }

    @Test
    void aSingleGatewayTargetNeverLeavesRoomForPanicBeforeFailover() {
        // One endpoint per tier is all or nothing: while it is healthy the priorities total 100%.
        assertThat(FailoverThresholds.of(
                                scheme(List.of(new FailoverGroup(List.of(GREEN))), null, 100.0, 100.0), hosts(10, 1))
                        .warnings())
                .isEmpty();
    }

    @Test
    void aFactorBelow100IsAWarning() {
        assertThat(FailoverThresholds.of(scheme(List.of(new FailoverGroup(List.of(GREEN))), 80, null, 0.0), hosts(2, 1))
                        .warnings())
                .extracting(FailoverThresholds.Warning::field)
                .containsExactly("spec.overprovisioningFactor");
    }

    @Test
    void aGroupThresholdGetsItsOwnFactorOnlyWhereTheClusterFactorWouldSplitItsTierDifferently() {
        FailoverScheme s = scheme(
                List.of(
                        new FailoverGroup(List.of(GREEN), 100.0, java.util.Map.of()),
                        new FailoverGroup(List.of(GREEN, TEAL), 100.0, java.util.Map.of())),
                null,
                50.0,
                0.0);

        FailoverThresholds.Resolved r = FailoverThresholds.of(s, hosts(4, 1, 2));

        // One host: 200 and 100 give it the same health at 0 and 1 healthy. Two hosts: at 1 healthy 200
        // keeps the tier whole and 100 halves it.
        assertThat(r.tierFactors()).isEqualTo(Map.of(2, 100));
        assertThat(r.traffic().whenTrafficMoves())
                .contains("priority 2 keeps all its traffic while at least 100% of its hosts are healthy (2 of 2)");
    }

    @Test
    void twoTargetsBehindOneGatewayAddressAreTwoPrioritiesOfOneHost() {
        Endpoint green = new Endpoint("34.1.2.3", 15443, "green", "m0");
        Endpoint teal = new Endpoint("34.1.2.3", 15443, "teal", "m1");
        List<Tier> tiers = List.of(tier(0, 4), new Tier(1, "", "", "remote", List.of(green, teal)));

        FailoverThresholds.Resolved r = FailoverThresholds.of(
                scheme(List.of(new FailoverGroup(List.of(GREEN, TEAL), 100.0, java.util.Map.of())), null, 50.0, null),
                tiers);

        // Each is all or nothing, so the group's own threshold needs no factor of its own, and a priority of
        // one host never leaves the priorities under 100% while it is healthy: no panic before failover.
        assertThat(r.tierFactors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.traffic().whenTrafficMoves())
                .contains("(served as 2 priorities of 1, 1 hosts, one after the other)");
    }
}
