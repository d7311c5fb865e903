package dev.spillway.server.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.snapshot.SnapshotStore;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A request the server fails on ends its stream with INTERNAL, is reported, and costs no other stream. */
class StreamFailureTest {

    @Test
    void aRequestTheServerFailsOnEndsItsStreamWithInternalAndIsReported() throws Exception {
        SnapshotStore store = new SnapshotStore();
        RecordingMetrics metrics = new RecordingMetrics();
        // Only a node without metadata.cluster asks for the configured clusters: that lookup fails.
        ProxyIdentity identity = new ProxyIdentity(() -> {
            throw new IllegalStateException("cluster list unavailable");
        });
        String name = InProcessServerBuilder.generateName();
        try (AdsService ads = new AdsService(store, identity, new NackLog(), metrics);
                XdsServer server = new XdsServer(InProcessServerBuilder.forName(name), ads)) {
            server.start();
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            try {
                SotwClient failing = new SotwClient(
                        AggregatedDiscoveryServiceGrpc.newStub(channel),
                        Node.newBuilder()
                                .setId("no-metadata")
                                .setCluster("gateway-proxy")
                                .build(),
                        true);
                failing.request(XdsType.CLUSTER);
                Status ended = failing.ended.get(SotwClient.WAIT.toSeconds(), TimeUnit.SECONDS);

                assertThat(ended.getCode()).isEqualTo(Status.Code.INTERNAL);
                assertThat(metrics.failures)
                        .singleElement()
                        .extracting(Throwable::getMessage)
                        .isEqualTo("cluster list unavailable");

                XdsConfig blue = XdsConfig.of().upstream("blue", "10.0.0.1");
                store.publish(AdsHarness.GROUP, blue.resources(), blue.edsServiceNames());
                SotwClient served =
                        new SotwClient(AggregatedDiscoveryServiceGrpc.newStub(channel), AdsHarness.node(), true);
                assertThat(served.request(XdsType.CLUSTER).next().getResourcesCount())
                        .isEqualTo(1);
                served.close();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Found by {@code AdsRequestFuzzTest}: a resume check looked the group up before any node had named it. */
    @Test
    void aRequestAtAVersionBeforeAnyNodeIsServedOnceTheNodeComes() throws Exception {
        try (AdsHarness ads = new AdsHarness()) {
            ads.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
            BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
            CompletableFuture<Status> ended = new CompletableFuture<>();
            StreamObserver<DiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(ads.channel())
                    .streamAggregatedResources(new StreamObserver<>() {
                        @Override
                        public void onNext(DiscoveryResponse response) {
                            responses.add(response);
                        }

                        @Override
                        public void onError(Throwable t) {
                            ended.complete(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            ended.complete(Status.OK);
                        }
                    });
            DiscoveryRequest cds = DiscoveryRequest.newBuilder()
                    .setTypeUrl(XdsType.CLUSTER.typeUrl())
                    .setVersionInfo("held-before")
                    .build();

            requests.onNext(cds);
            requests.onNext(cds.toBuilder().setNode(AdsHarness.node()).build());
            DiscoveryResponse clusters = responses.poll(SotwClient.WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(clusters).as("a CDS response within %s", SotwClient.WAIT).isNotNull();
            assertThat(SotwClient.names(clusters)).containsExactly("blue");
            assertThat(ended).isNotDone();
            assertThat(ads.metrics.failures).isEmpty();
            requests.onCompleted();
        }
    }
}
