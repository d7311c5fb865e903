package dev.spillway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.snapshot.ReconcileTiming;
import org.junit.jupiter.api.Test;

class ChangeLatencyMetricsTest {

    @Test
    void aChangesLatencyIsSplitIntoSourceQuietPeriodDebounceTranslationAndPublication() throws Exception {
        ServerMetrics metrics = new ServerMetrics();

        metrics.onSourceQuietPeriod(120_000_000);
        metrics.onReconcile(new ReconcileTiming(100_000_000, 3_000_000, 1_000_000, true));
        metrics.onReconcile(new ReconcileTiming(1_000_000_000, 400_000_000, 2_000_000, false));

        assertThat(metrics.text())
                .contains("spillway_change_source_quiet_seconds_sum 0.12")
                .contains("spillway_change_debounce_seconds_count 2")
                .contains("spillway_change_debounce_seconds_sum 1.1")
                .contains("spillway_change_translation_seconds_sum{path=\"confined\"} 0.003")
                .contains("spillway_change_translation_seconds_sum{path=\"full\"} 0.4")
                .contains("spillway_change_publish_seconds_count 2");
    }
}
