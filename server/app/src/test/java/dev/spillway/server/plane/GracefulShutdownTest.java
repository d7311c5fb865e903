package dev.spillway.server.plane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.spillway.server.ControlPlane;
import dev.spillway.server.DrainPolicy;
import dev.spillway.server.xds.envoy.EnvoyOptions;
import dev.spillway.server.xds.envoy.EnvoyProxy;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.EquivalentAddressGroup;
import io.grpc.ManagedChannel;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIGTERM path ({@link ControlPlane#drain}) with two replicas behind one proxy, as a Service with two
 * endpoints: readiness goes first, then GOAWAY and UNAVAILABLE, and the proxy reconnects to the other replica.
 */
class GracefulShutdownTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    static {
        NameResolverRegistry.getDefaultRegistry().register(new Replicas());
    }

    @TempDir
    Path dir;

    private ControlPlane first;
    private ControlPlane second;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        copyExample(dir);
        first = start(dir);
        second = start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        first.close();
        second.close();
    }

    @Test
    void readinessTurnsFirstThenTheProxyIsMovedToTheOtherReplica() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forTarget(
                        "replicas:///" + first.xdsPort() + "," + second.xdsPort())
                .usePlaintext()
                .build();
        closing.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        EnvoyProxy envoy = EnvoyProxy.start(channel, node(), EnvoyOptions.stateOfTheWorld());
        closing.add(0, envoy::close);
        envoy.awaitSettled("the local gateway's listeners", s -> !s.listeners().isEmpty());
        assertThat(first.openXdsStreams()).isEqualTo(1);
        assertThat(second.openXdsStreams()).isZero();

        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        CompletableFuture<Void> drained =
                CompletableFuture.runAsync(() -> first.drain(new DrainPolicy(Duration.ofSeconds(5), WAIT), delay -> {
                    paused.countDown();
                    resume.await();
                }));

        assertThat(paused.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        HttpResponse<String> readyz = readyz(first);
        assertThat(readyz.statusCode()).isEqualTo(503);
        assertThat(readyz.body()).isEqualTo("not ready: draining\n");
        assertThat(first.draining()).isTrue();
        // Still taking connections while the Service's endpoints drop this replica, and still serving the proxy.
        new Socket("127.0.0.1", first.xdsPort()).close();
        assertThat(envoy.remoteCloses()).isEmpty();
        assertThat(first.openXdsStreams()).isEqualTo(1);

        resume.countDown();
        drained.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);

        first.awaitClosed();
        assertThatThrownBy(() -> new Socket("127.0.0.1", first.xdsPort()).close())
                .isInstanceOf(ConnectException.class);
        assertThat(envoy.remoteCloses()).extracting(Status::getCode).containsExactly(Status.Code.UNAVAILABLE);
        envoy.await("a stream to the second replica", s -> second.openXdsStreams() == 1);
        envoy.awaitSettled(
                "the local gateway's listeners again", s -> !s.listeners().isEmpty());
        assertThat(readyz(second).statusCode()).isEqualTo(200);
    }

    @Test
    void aDrainWithNoStreamsReturnsAndAWhileAfterTheDrainIsANoOp() throws Exception {
        first.drain(new DrainPolicy(Duration.ZERO, WAIT), delay -> {});

        first.awaitClosed();
        assertThat(first.draining()).isTrue();
        first.drain(new DrainPolicy(Duration.ZERO, WAIT), delay -> {
            throw new AssertionError("a second drain must not pause");
        });
    }

    private static ControlPlane start(Path dir) throws IOException {
        return ControlPlane.start(
                new ControlPlane.Settings(dir, 0, "127.0.0.1", 0, Duration.ofMillis(50), Duration.ofMillis(500)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static Node node() {
        return Node.newBuilder()
                .setId("gateway-proxy-1")
                .setCluster("gateway-proxy")
                .setMetadata(Struct.newBuilder()
                        .putFields(
                                "cluster",
                                Value.newBuilder().setStringValue("local").build()))
                .build();
    }

    private static HttpResponse<String> readyz(ControlPlane plane) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plane.adminPort() + "/readyz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static void copyExample(Path target) throws IOException {
        Path example = Path.of("../../examples/failover");
        try (Stream<Path> files = Files.walk(example)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(example.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * {@code replicas:///PORT,PORT}: loopback addresses in order, as a proxy's xDS cluster of several endpoints.
     * gRPC's pick_first connects to the first that answers: after GOAWAY the closed port refuses and the second
     * takes the new stream.
     */
    private static final class Replicas extends NameResolverProvider {
        @Override
        public NameResolver newNameResolver(URI target, NameResolver.Args args) {
            if (!"replicas".equals(target.getScheme())) {
                return null;
            }
            List<EquivalentAddressGroup> addresses = Arrays.stream(
                            target.getPath().substring(1).split(","))
                    .map(p -> new EquivalentAddressGroup(new InetSocketAddress("127.0.0.1", Integer.parseInt(p))))
                    .toList();
            return new NameResolver() {
                @Override
                public String getServiceAuthority() {
                    return "spillway";
                }

                @Override
                public void start(Listener2 listener) {
                    listener.onResult(ResolutionResult.newBuilder()
                            .setAddresses(addresses)
                            .build());
                }

                @Override
                public void shutdown() {}
            };
        }

        @Override
        public String getDefaultScheme() {
            return "replicas";
        }

        @Override
        protected boolean isAvailable() {
            return true;
        }

        @Override
        protected int priority() {
            return 5;
        }

        @Override
        public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
            return List.of(InetSocketAddress.class);
        }
    }
}
