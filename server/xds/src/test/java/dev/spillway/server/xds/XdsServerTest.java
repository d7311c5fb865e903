package dev.spillway.server.xds;

import static dev.spillway.snapshot.XdsType.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.snapshot.SnapshotStore;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadReportingServiceGrpc;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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

    @Test
    void aProxyIsNotPingedForTheRequestsItSends() throws Exception {
        ProxyIdentity identity = new ProxyIdentity(() -> Set.of("local"));
        try (AdsService ads = new AdsService(new SnapshotStore(), identity, new NackLog(), XdsMetrics.NONE)) {
            XdsServer server = XdsServer.onPort(0, ads).start();
            try (Http2FramePeer envoy = new Http2FramePeer(server.port())) {
                DiscoveryRequest request = DiscoveryRequest.newBuilder()
                        .setNode(AdsHarness.node())
                        .setTypeUrl(CLUSTER.typeUrl())
                        .build();
                envoy.send(request);
                envoy.awaitData();
                envoy.send(request.toBuilder().setResponseNonce("1").build());
                envoy.send(request.toBuilder().setResponseNonce("2").build());
                envoy.roundTrip();

                // One PING round trip per request read would double the frames of every push and its ACK.
                assertThat(envoy.serverPings()).isZero();
            } finally {
                server.close();
            }
        }
    }

    @Test
    void drainCutsAStreamThatOutlivesTheTimeoutAndSaysSo() throws Exception {
        ProxyIdentity identity = new ProxyIdentity(() -> Set.of("local"));
        CompletableFuture<Void> opened = new CompletableFuture<>();
        // A load-report stream that the server never ends: only the timeout's cut ends it.
        LoadReportingServiceGrpc.LoadReportingServiceImplBase hanging =
                new LoadReportingServiceGrpc.LoadReportingServiceImplBase() {
                    @Override
                    public StreamObserver<LoadStatsRequest> streamLoadStats(
                            StreamObserver<LoadStatsResponse> responses) {
                        opened.complete(null);
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(LoadStatsRequest value) {}

                            @Override
                            public void onError(Throwable t) {}

                            @Override
                            public void onCompleted() {}
                        };
                    }
                };
        try (AdsService ads = new AdsService(new SnapshotStore(), identity, new NackLog(), XdsMetrics.NONE)) {
            XdsServer server = new XdsServer(
                            XdsServer.nettyBuilder(NettyServerBuilder.forAddress(
                                    new java.net.InetSocketAddress(XdsServer.LOOPBACK, 0))),
                            ads,
                            hanging)
                    .start();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                    .usePlaintext()
                    .build();
            SotwClient envoy = new SotwClient(AggregatedDiscoveryServiceGrpc.newStub(channel), AdsHarness.node(), true);
            envoy.request(CLUSTER).next(CLUSTER);
            CompletableFuture<Status> lrsEnded = new CompletableFuture<>();
            StreamObserver<LoadStatsRequest> lrs = LoadReportingServiceGrpc.newStub(channel)
                    .streamLoadStats(new StreamObserver<>() {
                        @Override
                        public void onNext(LoadStatsResponse value) {}

                        @Override
                        public void onError(Throwable t) {
                            lrsEnded.complete(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            lrsEnded.complete(Status.OK);
                        }
                    });
            lrs.onNext(LoadStatsRequest.getDefaultInstance());
            opened.get(5, TimeUnit.SECONDS);

            XdsServer.Drained drained = server.drain(Duration.ofMillis(200));

            assertThat(drained).isEqualTo(new XdsServer.Drained(2, 1));
            assertThat(envoy.ended.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(lrsEnded.get(5, TimeUnit.SECONDS).isOk()).isFalse();
            // A cut call is counted closed when its transport says so, just after drain returns.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.openCalls() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.openCalls()).isZero();
            channel.shutdownNow();
        }
    }
}
