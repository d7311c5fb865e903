package dev.spillway.server.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Fuzzed SotW and delta request sequences on in-process ADS streams: unknown, missing and v2 type URLs, huge
 * resource name lists, stale and garbage nonces and versions, a node that changes or vanishes mid-stream, NACKs
 * with any error detail, snapshots published in between. The server never fails on a request (a failure would
 * end the stream with INTERNAL and be reported); each stream still answers (the client's half-close is answered
 * within a bounded wait) or was ended with a status; and a well-formed request on a fresh stream is served.
 */
class AdsRequestFuzzTest {
    private static final long WAIT_SECONDS = 5;
    private static final XdsConfig CONFIG =
            XdsConfig.of().upstream("blue", "10.0.0.1").listener(8080, "blue").caSecret("ca", "ca-bundle");
    private static final XdsConfig CHANGED = XdsConfig.of()
            .tlsUpstream("blue", "ca", "10.0.0.2")
            .upstream("green", "10.0.1.1")
            .listener(8080, "green")
            .caSecret("ca", "rotated");
    private static final List<String> TYPE_URLS = List.of(
            XdsType.CLUSTER.typeUrl(),
            XdsType.ENDPOINT.typeUrl(),
            XdsType.LISTENER.typeUrl(),
            XdsType.ROUTE.typeUrl(),
            XdsType.SECRET.typeUrl(),
            "",
            "type.googleapis.com/envoy.api.v2.Cluster",
            "type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig",
            "type.googleapis.com/envoy.service.runtime.v3.Runtime");
    private static final List<String> NAMES =
            List.of("blue", "green", "listener-::-8080", "listener-::-8080-routes", "ca", "*", "", "unknown");

    @FuzzTest(maxDuration = "10m")
    void anyRequestSequenceLeavesTheServerServing(FuzzedDataProvider data) throws Exception {
        try (AdsHarness ads = new AdsHarness()) {
            ads.publish(CONFIG);
            int streams = data.consumeInt(1, 3);
            List<Client<?, ?>> clients = new ArrayList<>();
            for (int s = 0; s < streams && data.remainingBytes() > 0; s++) {
                Client<?, ?> client = data.consumeBoolean() ? sotw(ads) : delta(ads);
                clients.add(client);
                int requests = data.consumeInt(1, 16);
                for (int r = 0; r < requests && data.remainingBytes() > 0; r++) {
                    switch (data.consumeInt(0, 9)) {
                        case 0 -> ads.publish(data.consumeBoolean() ? CHANGED : CONFIG);
                        case 1 -> client.cancel();
                        default -> client.send(data);
                    }
                }
            }
            for (Client<?, ?> client : clients) {
                // Queued behind every request: answered unless the stream already ended, with a status either way.
                client.halfClose();
                Status status = client.ended.get(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(status.getCode())
                        .as("stream end: %s", status)
                        .isIn(Status.Code.OK, Status.Code.CANCELLED, Status.Code.UNAVAILABLE);
            }
            assertThat(ads.metrics.failures).as("requests the server failed on").isEmpty();
            servesAFreshStream(ads);
        }
    }

    private static void servesAFreshStream(AdsHarness ads) throws Exception {
        try (SotwClient fresh = ads.sotw(AdsHarness.node("after-fuzz", AdsHarness.GROUP))) {
            DiscoveryResponse clusters = fresh.request(XdsType.CLUSTER).next();
            assertThat(clusters.getResourcesList())
                    .extracting(a -> a.unpack(Cluster.class).getName())
                    .isNotEmpty();
        }
    }

    private static Client<DiscoveryRequest, DiscoveryResponse> sotw(AdsHarness ads) {
        return new Client<>(stub(ads)::streamAggregatedResources) {
            @Override
            DiscoveryRequest request(FuzzedDataProvider data) {
                DiscoveryRequest.Builder b = DiscoveryRequest.newBuilder();
                node(data, b::setNode);
                b.setTypeUrl(typeUrl(data));
                DiscoveryResponse seen = latest(b.getTypeUrl());
                b.setVersionInfo(
                        pick(data, seen == null ? "" : seen.getVersionInfo(), "", data.consumeAsciiString(16)));
                b.setResponseNonce(pick(data, seen == null ? "" : seen.getNonce(), "", data.consumeAsciiString(8)));
                b.addAllResourceNames(names(data));
                if (data.consumeInt(0, 3) == 0) {
                    b.setErrorDetail(error(data));
                }
                return b.build();
            }

            @Override
            String typeUrlOf(DiscoveryResponse response) {
                return response.getTypeUrl();
            }
        };
    }

    private static Client<DeltaDiscoveryRequest, DeltaDiscoveryResponse> delta(AdsHarness ads) {
        return new Client<>(stub(ads)::deltaAggregatedResources) {
            @Override
            DeltaDiscoveryRequest request(FuzzedDataProvider data) {
                DeltaDiscoveryRequest.Builder b = DeltaDiscoveryRequest.newBuilder();
                node(data, b::setNode);
                b.setTypeUrl(typeUrl(data));
                DeltaDiscoveryResponse seen = latest(b.getTypeUrl());
                b.setResponseNonce(pick(data, seen == null ? "" : seen.getNonce(), "", data.consumeAsciiString(8)));
                b.addAllResourceNamesSubscribe(names(data));
                if (data.consumeBoolean()) {
                    b.addAllResourceNamesUnsubscribe(names(data));
                }
                if (data.consumeBoolean()) {
                    for (String name : names(data)) {
                        b.putInitialResourceVersions(name, data.consumeAsciiString(12));
                    }
                }
                if (data.consumeInt(0, 3) == 0) {
                    b.setErrorDetail(error(data));
                }
                return b.build();
            }

            @Override
            String typeUrlOf(DeltaDiscoveryResponse response) {
                return response.getTypeUrl();
            }
        };
    }

    /** The group's node, another group's, one without metadata, a garbage one, or none (a node changing mid-stream). */
    private static void node(FuzzedDataProvider data, java.util.function.Consumer<Node> set) {
        switch (data.consumeInt(0, 5)) {
            case 0, 1 -> set.accept(AdsHarness.node());
            case 2 -> set.accept(AdsHarness.node("other", new ProxyGroup("remote", "gateway-proxy")));
            case 3 ->
                set.accept(Node.newBuilder()
                        .setId(data.consumeAsciiString(12))
                        .setCluster(data.consumeAsciiString(12))
                        .setMetadata(Struct.newBuilder()
                                .putFields(
                                        "cluster",
                                        data.consumeBoolean()
                                                ? Value.newBuilder()
                                                        .setStringValue(data.consumeAsciiString(12))
                                                        .build()
                                                : Value.newBuilder()
                                                        .setNumberValue(data.consumeDouble())
                                                        .build()))
                        .build());
            case 4 -> set.accept(Node.getDefaultInstance());
            default -> {}
        }
    }

    private static String typeUrl(FuzzedDataProvider data) {
        return data.consumeInt(0, 9) == 0
                ? data.consumeAsciiString(40)
                : TYPE_URLS.get(data.consumeInt(0, TYPE_URLS.size() - 1));
    }

    /** A few known and fuzzed names, or (rarely) a list of tens of thousands. */
    private static List<String> names(FuzzedDataProvider data) {
        if (data.consumeInt(0, 15) == 0) {
            return IntStream.range(0, data.consumeInt(1, 50_000))
                    .mapToObj(i -> "name-" + i)
                    .toList();
        }
        int n = data.consumeInt(0, 4);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(
                    data.consumeBoolean()
                            ? NAMES.get(data.consumeInt(0, NAMES.size() - 1))
                            : data.consumeAsciiString(20));
        }
        return names;
    }

    private static com.google.rpc.Status error(FuzzedDataProvider data) {
        return com.google.rpc.Status.newBuilder()
                .setCode(data.consumeInt())
                .setMessage(data.consumeAsciiString(64))
                .build();
    }

    private static String pick(FuzzedDataProvider data, String seen, String empty, String garbage) {
        return switch (data.consumeInt(0, 3)) {
            case 0, 1 -> seen;
            case 2 -> empty;
            default -> garbage;
        };
    }

    private static AggregatedDiscoveryServiceStub stub(AdsHarness ads) {
        return AggregatedDiscoveryServiceGrpc.newStub(ads.channel());
    }

    /** A raw ADS stream: sends what it is told, records responses and how the stream ended. */
    private abstract static class Client<Q, R> {
        final CompletableFuture<Status> ended = new CompletableFuture<>();
        final BlockingQueue<R> responses = new LinkedBlockingQueue<>();
        private final StreamObserver<Q> requests;
        private boolean closed;

        Client(java.util.function.Function<StreamObserver<R>, StreamObserver<Q>> open) {
            requests = open.apply(new StreamObserver<>() {
                @Override
                public void onNext(R response) {
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

        abstract Q request(FuzzedDataProvider data);

        abstract String typeUrlOf(R response);

        /** The latest response of the type received so far, or null. */
        final R latest(String typeUrl) {
            R last = null;
            for (R r : responses) {
                if (typeUrlOf(r).equals(typeUrl)) {
                    last = r;
                }
            }
            return last;
        }

        final void send(FuzzedDataProvider data) {
            Q request = request(data);
            if (!closed && !ended.isDone()) {
                requests.onNext(request);
            }
        }

        final void cancel() {
            if (!closed) {
                closed = true;
                requests.onError(Status.CANCELLED.asRuntimeException());
            }
        }

        final void halfClose() {
            if (!closed) {
                closed = true;
                requests.onCompleted();
            }
        }
    }
}
