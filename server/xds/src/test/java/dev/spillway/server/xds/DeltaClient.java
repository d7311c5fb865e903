package dev.spillway.server.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A delta ADS client that records responses and answers them as the test says. */
final class DeltaClient implements AutoCloseable {
    private final BlockingQueue<DeltaDiscoveryResponse> responses = new LinkedBlockingQueue<>();
    private final StreamObserver<DeltaDiscoveryRequest> requests;
    private final Node node;
    private boolean nodeSent;

    DeltaClient(AggregatedDiscoveryServiceStub stub, Node node) {
        this.node = node;
        this.requests = stub.deltaAggregatedResources(new StreamObserver<>() {
            @Override
            public void onNext(DeltaDiscoveryResponse response) {
                responses.add(response);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        });
    }

    /** Subscribes to names of the type; none on the first request of a wildcard type means wildcard. */
    DeltaClient subscribe(XdsType type, String... names) {
        return send(DeltaDiscoveryRequest.newBuilder()
                .setTypeUrl(type.typeUrl())
                .addAllResourceNamesSubscribe(List.of(names)));
    }

    /** The first request of a type after a reconnect: what the client already has. */
    DeltaClient resume(XdsType type, Map<String, String> versions, String... names) {
        return send(DeltaDiscoveryRequest.newBuilder()
                .setTypeUrl(type.typeUrl())
                .putAllInitialResourceVersions(versions)
                .addAllResourceNamesSubscribe(List.of(names)));
    }

    DeltaClient ack(DeltaDiscoveryResponse response) {
        return send(answer(response));
    }

    DeltaClient nack(DeltaDiscoveryResponse response, String message) {
        return send(answer(response)
                .setErrorDetail(com.google.rpc.Status.newBuilder().setCode(3).setMessage(message)));
    }

    DeltaDiscoveryResponse next(XdsType type) throws InterruptedException {
        DeltaDiscoveryResponse response = responses.poll(SotwClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(response).as("a response within %s", SotwClient.WAIT).isNotNull();
        assertThat(response.getTypeUrl()).isEqualTo(type.typeUrl());
        return response;
    }

    void expectNothingFor(Duration duration) throws InterruptedException {
        assertThat(responses.poll(duration.toMillis(), TimeUnit.MILLISECONDS))
                .as("no response")
                .isNull();
    }

    static List<String> names(DeltaDiscoveryResponse response) {
        return response.getResourcesList().stream().map(Resource::getName).toList();
    }

    private static DeltaDiscoveryRequest.Builder answer(DeltaDiscoveryResponse response) {
        return DeltaDiscoveryRequest.newBuilder()
                .setTypeUrl(response.getTypeUrl())
                .setResponseNonce(response.getNonce());
    }

    private DeltaClient send(DeltaDiscoveryRequest.Builder request) {
        if (!nodeSent) {
            request.setNode(node);
            nodeSent = true;
        }
        requests.onNext(request.build());
        return this;
    }

    @Override
    public void close() {
        requests.onCompleted();
    }
}
