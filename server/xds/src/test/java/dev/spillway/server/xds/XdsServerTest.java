package dev.spillway.server.xds;

import static dev.spillway.snapshot.XdsType.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.snapshot.SnapshotStore;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class XdsServerTest {

    @Test
    void closeEndsOpenStreamsWithUnavailableWithinTheGracePeriod() throws Exception {
        ProxyIdentity identity = new ProxyIdentity(() -> Set.of("local"));
        try (AdsService ads = new AdsService(new SnapshotStore(), identity, new NackLog(), XdsMetrics.NONE)) {
            XdsServer server = XdsServer.onPort(0, ads).start();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                    .usePlaintext()
                    .build();
            SotwClient envoy = new SotwClient(AggregatedDiscoveryServiceGrpc.newStub(channel), AdsHarness.node(), true);
            envoy.request(CLUSTER).next(CLUSTER);

            long start = System.nanoTime();
            server.close();

            assertThat(envoy.ended.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(XdsServer.SHUTDOWN_GRACE);
            assertThat(server.port()).isPositive();
            channel.shutdownNow();
        }
    }
}
