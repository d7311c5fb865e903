package dev.spillway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.snapshot.XdsType;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
    private static final ProxyGroup GROUP = new ProxyGroup("local", "gateway-proxy");

    @Test
    void bytesPerPushAndPushToAckLatencyArePerType() throws Exception {
        ServerMetrics metrics = new ServerMetrics();

        metrics.onPush(GROUP, XdsType.ENDPOINT, 150);
        metrics.onPush(GROUP, XdsType.CLUSTER, 90_000);
        metrics.onAck(GROUP, XdsType.ENDPOINT, "v1", 2_000_000);

        String text = metrics.text();
        assertThat(text)
                .contains("spillway_xds_push_size_bytes_bucket{type=\"endpoint\",le=\"256.0\"} 1")
                .contains("spillway_xds_push_size_bytes_bucket{type=\"endpoint\",le=\"64.0\"} 0")
                .contains("spillway_xds_push_size_bytes_sum{type=\"cluster\"} 90000.0")
                .contains("spillway_xds_push_ack_seconds_count{type=\"endpoint\"} 1");
    }
}
