package dev.spillway.server.xds;

import static dev.spillway.snapshot.XdsType.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrentStreamsTest {
    private static final int STREAMS = 200;

    @Test
    void everyOneOfTwoHundredStreamsGetsAChange() throws InterruptedException {
        try (AdsHarness harness = new AdsHarness()) {
            harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
            List<SotwClient> envoys = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                SotwClient envoy = harness.sotw(AdsHarness.node("gateway-proxy-" + i, AdsHarness.GROUP));
                envoys.add(envoy.request(CLUSTER));
            }
            for (SotwClient envoy : envoys) {
                envoy.ack(envoy.next(CLUSTER));
            }

            harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1").upstream("green", "10.0.0.2"));

            for (SotwClient envoy : envoys) {
                DiscoveryResponse change = envoy.next(CLUSTER);
                assertThat(SotwClient.names(change)).containsExactly("blue", "green");
                assertThat(change.getVersionInfo()).isEqualTo(harness.version(CLUSTER));
            }
            assertThat(harness.ads.connectedStreams())
                    .containsExactly(entry(new StreamKey(AdsHarness.GROUP, AdsService.SOTW), STREAMS));
        }
    }
}
