package dev.spillway.server.xds;

import static dev.spillway.server.xds.AdsHarness.GROUP;
import static dev.spillway.snapshot.XdsType.ENDPOINT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.snapshot.SnapshotChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriptionIndexTest {
    private final AdsHarness harness = new AdsHarness();

    @AfterEach
    void close() throws InterruptedException {
        harness.close();
    }

    @Test
    void streamsWithTheSameNamesShareOneSubscriptionAndOnlyTheConcernedOnesAreWoken() throws Exception {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.2"));
        SotwClient first = harness.sotw(AdsHarness.node("p1", GROUP));
        SotwClient second = harness.sotw(AdsHarness.node("p2", GROUP));
        SotwClient blueOnly = harness.sotw(AdsHarness.node("p3", GROUP));
        first.ack(first.request(ENDPOINT, "blue", "green").next(ENDPOINT));
        // The same names in another order are the same subscription.
        second.ack(second.request(ENDPOINT, "green", "blue").next(ENDPOINT));
        blueOnly.ack(blueOnly.request(ENDPOINT, "blue").next(ENDPOINT));
        SubscriptionIndex index = harness.ads.subscriptions();
        assertThat(index.distinct(GROUP, ENDPOINT)).isEqualTo(2);

        List<SnapshotChange> changes = new ArrayList<>();
        harness.store.addChangeListener(changes::add);
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.7"));

        assertThat(changes.get(0).changed(ENDPOINT)).containsExactly("green");
        assertThat(index.concerned(changes.get(0))).hasSize(2);
        assertThat(first.next(ENDPOINT).getResourcesCount()).isEqualTo(1);
        assertThat(second.next(ENDPOINT).getResourcesCount()).isEqualTo(1);
        blueOnly.expectNothingFor(java.time.Duration.ofMillis(300));
    }
}
