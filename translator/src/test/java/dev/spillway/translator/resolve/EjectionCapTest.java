package dev.spillway.translator.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.HealthCheck;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.Upstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EjectionCapTest {
    private static final ObjectMeta META = new ObjectMeta("local", "gloo-system", "blue", Map.of(), 0, "");
    private static final HealthCheck CHECK = new HealthCheck(
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            1,
            1,
            null,
            null,
            null,
            null,
            new HealthCheck.Http("/health", "", List.of()),
            null,
            null);

    private static Upstream upstream(List<HealthCheck> checks, Integer maxEjectionPercent) {
        return new Upstream(
                META,
                new Upstream.KubeBackend("blue", "default", 80, Map.of()),
                null,
                checks,
                null,
                null,
                new Upstream.OutlierDetection(3, null, null, maxEjectionPercent),
                null,
                false);
    }

    @Test
    void envoysDefaultTenPercentKeepsFailingHostsInRotation() {
        assertThat(EjectionCap.warning(upstream(List.of(), null)))
                .hasValueSatisfying(w -> assertThat(w).contains("is 10% (Envoy's default)"));
    }

    @Test
    void anExplicitCapBelowAHundredIsNamed() {
        assertThat(EjectionCap.warning(upstream(List.of(), 99)))
                .hasValueSatisfying(w -> assertThat(w).contains("is 99%").doesNotContain("default"));
    }

    @Test
    void aHundredPercentCanEjectEveryPrimaryHost() {
        assertThat(EjectionCap.warning(upstream(List.of(), 100))).isEmpty();
    }

    @Test
    void aHealthCheckBacksFailoverWhateverTheCap() {
        assertThat(EjectionCap.warning(upstream(List.of(CHECK), null))).isEmpty();
    }
}
