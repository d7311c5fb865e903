package dev.spillway.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"1s, 1000", "0s, 0", "0.25s, 250", "1.5s, 1500", "0.001s, 1", "-2s, -2000", "120s, 120000"})
    void readsProtobufJsonDurations(String text, long millis) {
        assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1",
                "1x",
                "1m",
                "1h",
                "s",
                ".5s",
                "1.s",
                "1.0000000001s",
                " 1s",
                "1s ",
                "+1s",
                "1e3s",
                "PT1S",
                "9999999999999s"
            })
    void rejectsOtherForms(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1000, 1s", "250, 0.25s", "1, 0.001s", "0, 0s", "-500, -0.5s"})
    void writesTheShortestForm(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 999_999_999, 1_000_000_001, 123_456_789_012L})
    void writesWhatItReads(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        assertThat(Durations.parse(Durations.format(d))).contains(d);
    }
}
