package dev.spillway.server.xds;

import static dev.spillway.snapshot.XdsType.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlowControlTest {
    private final AdsHarness harness = new AdsHarness();
    private final BlockingQueue<DiscoveryResponse> received = new LinkedBlockingQueue<>();
    private final AtomicReference<ClientCallStreamObserver<DiscoveryRequest>> call = new AtomicReference<>();

    @AfterEach
    void close() throws InterruptedException {
        harness.close();
    }

    @Test
    void slowReaderGetsOnlyTheLatestVersionWhenItReadsAgain() throws InterruptedException {
        harness.publish(XdsConfig.of().upstream("blue", "10.0.0.1"));
        StreamObserver<DiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(harness.channel())
                .streamAggregatedResources(readingOneAtATime());
        requests.onNext(request("", ""));
        DiscoveryResponse first = received.poll(5, TimeUnit.SECONDS);
        requests.onNext(request(first.getVersionInfo(), first.getNonce()));

        for (int connectTimeout = 2; connectTimeout <= 4; connectTimeout++) {
            harness.publish(XdsConfig.of().upstream("blue", connectTimeout, "10.0.0.1"));
        }
        assertThat(received.poll(300, TimeUnit.MILLISECONDS))
                .as("nothing while the reader is not reading")
                .isNull();
        call.get().request(5);

        assertThat(received.poll(5, TimeUnit.SECONDS).getVersionInfo()).isEqualTo(harness.version(CLUSTER));
        assertThat(received.poll(Duration.ofMillis(300).toMillis(), TimeUnit.MILLISECONDS))
                .isNull();
    }

    private ClientResponseObserver<DiscoveryRequest, DiscoveryResponse> readingOneAtATime() {
        return new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<DiscoveryRequest> stream) {
                stream.disableAutoRequestWithInitial(1);
                call.set(stream);
            }

            @Override
            public void onNext(DiscoveryResponse response) {
                received.add(response);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }

    private static DiscoveryRequest request(String version, String nonce) {
        return DiscoveryRequest.newBuilder()
                .setNode(AdsHarness.node())
                .setTypeUrl(CLUSTER.typeUrl())
                .setVersionInfo(version)
                .setResponseNonce(nonce)
                .build();
    }
}
