package dev.spillway.server.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.snapshot.XdsType;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A state-of-the-world ADS client that records responses and answers them as the test says. */
final class SotwClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);

    final BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final StreamObserver<DiscoveryRequest> requests;
    private final Node node;
    private final boolean nodeOnEveryRequest;
    private boolean nodeSent;
    private final Map<XdsType, List<String>> subscriptions = new EnumMap<>(XdsType.class);
    private final Map<XdsType, String> accepted = new EnumMap<>(XdsType.class);
    private final Map<XdsType, String> nonces = new EnumMap<>(XdsType.class);

    SotwClient(AggregatedDiscoveryServiceStub stub, Node node, boolean nodeOnEveryRequest) {
        this.node = node;
        this.nodeOnEveryRequest = nodeOnEveryRequest;
        this.requests = stub.streamAggregatedResources(new StreamObserver<>() {
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
    }

    /** Subscribes (or changes the subscription) to the type; no names means wildcard. */
    SotwClient request(XdsType type, String... names) {
        subscriptions.put(type, List.of(names));
        send(type, accepted.getOrDefault(type, ""), nonces.getOrDefault(type, ""), null);
        return this;
    }

    SotwClient ack(DiscoveryResponse response) {
        XdsType type = typeOf(response);
        accepted.put(type, response.getVersionInfo());
        send(type, response.getVersionInfo(), response.getNonce(), null);
        return this;
    }

    /** ACKs and changes the subscription in the same request, as Envoy does. */
    SotwClient ack(DiscoveryResponse response, List<String> names) {
        subscriptions.put(typeOf(response), List.copyOf(names));
        return ack(response);
    }

    SotwClient nack(DiscoveryResponse response, String message) {
        XdsType type = typeOf(response);
        com.google.rpc.Status error = com.google.rpc.Status.newBuilder()
                .setCode(3)
                .setMessage(message)
                .build();
        send(type, accepted.getOrDefault(type, ""), response.getNonce(), error);
        return this;
    }

    /** The next response; fails after {@link #WAIT}. */
    DiscoveryResponse next() throws InterruptedException {
        DiscoveryResponse response = responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(response).as("a response within %s", WAIT).isNotNull();
        nonces.put(typeOf(response), response.getNonce());
        return response;
    }

    DiscoveryResponse next(XdsType type) throws InterruptedException {
        DiscoveryResponse response = next();
        assertThat(typeOf(response)).isEqualTo(type);
        return response;
    }

    void expectNothingFor(Duration duration) throws InterruptedException {
        assertThat(responses.poll(duration.toMillis(), TimeUnit.MILLISECONDS))
                .as("no response")
                .isNull();
    }

    static List<String> names(DiscoveryResponse response) {
        return response.getResourcesList().stream()
                .map(Resources::getResourceName)
                .toList();
    }

    static XdsType typeOf(DiscoveryResponse response) {
        return XdsType.of(response.getTypeUrl()).orElseThrow();
    }

    private void send(XdsType type, String version, String nonce, com.google.rpc.Status error) {
        DiscoveryRequest.Builder request = DiscoveryRequest.newBuilder()
                .setTypeUrl(type.typeUrl())
                .setVersionInfo(version)
                .setResponseNonce(nonce)
                .addAllResourceNames(subscriptions.getOrDefault(type, List.of()));
        if (nodeOnEveryRequest || !nodeSent) {
            request.setNode(node);
            nodeSent = true;
        }
        if (error != null) {
            request.setErrorDetail(error);
        }
        requests.onNext(request.build());
    }

    @Override
    public void close() {
        requests.onCompleted();
    }
}
