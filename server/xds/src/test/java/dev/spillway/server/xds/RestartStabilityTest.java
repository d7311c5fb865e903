package dev.spillway.server.xds;

import static dev.spillway.snapshot.XdsType.CLUSTER;
import static dev.spillway.snapshot.XdsType.ENDPOINT;
import static dev.spillway.snapshot.XdsType.LISTENER;
import static dev.spillway.snapshot.XdsType.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RestartStabilityTest {

    @Test
    void twoServersWithTheSameResourcesServeTheSameVersions() throws InterruptedException {
        XdsConfig config = XdsConfig.of()
                .upstream("blue", "10.0.0.1")
                .upstream("green", "10.0.0.2")
                .listener(8080, "blue");

        List<String> first = versionsServedBy(new AdsHarness(), config);
        List<String> second = versionsServedBy(new AdsHarness(), config);

        assertThat(second).isEqualTo(first).doesNotContain("");
        // Literals: two servers in one JVM would agree even on a version made from a hashCode or an object
        // identity, but a restarted process would not, and Envoy would see every resource change.
        assertThat(first)
                .containsExactly("24cbfa3de3cacbb2", "dab422cdeea67e0d", "3de74d0bfded8a8b", "b6e86ca3c60e4425");
    }

    private static List<String> versionsServedBy(AdsHarness harness, XdsConfig config) throws InterruptedException {
        try (harness) {
            harness.publish(config);
            SotwClient envoy = harness.sotw(AdsHarness.node());
            DiscoveryResponse clusters = envoy.request(CLUSTER).next(CLUSTER);
            DiscoveryResponse endpoints =
                    envoy.request(ENDPOINT, "blue", "green").next(ENDPOINT);
            DiscoveryResponse listeners = envoy.request(LISTENER).next(LISTENER);
            DiscoveryResponse routes =
                    envoy.request(ROUTE, "listener-::-8080-routes").next(ROUTE);
            return Stream.of(clusters, endpoints, listeners, routes)
                    .map(DiscoveryResponse::getVersionInfo)
                    .toList();
        }
    }
}
