package dev.spillway.server.source.kube;

import static dev.spillway.server.source.kube.Guide.BLUE_CLUSTER;
import static dev.spillway.server.source.kube.Guide.LOAD_BALANCER_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.server.ControlPlane;
import dev.spillway.server.xds.CertificateAuthority;
import dev.spillway.server.xds.SpiffeId;
import dev.spillway.server.xds.XdsSecurity;
import dev.spillway.server.xds.XdsTls;
import dev.spillway.server.xds.envoy.EnvoyOptions;
import dev.spillway.server.xds.envoy.EnvoyProxy;
import dev.spillway.server.xds.envoy.ProxyState;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topology (a): one management install reads both clusters and serves the gateway proxies of both over
 * mutual TLS; each proxy, identified by its client certificate, gets its own cluster's part of the guide.
 */
class ManagementInstallTest {
    private static final ProxyGroup LOCAL = Guide.LOCAL_PROXY;
    private static final ProxyGroup REMOTE = new ProxyGroup("remote", "gateway-proxy");
    private static final String GREEN_SNI = Guide.GREEN + "_gloo-system";
    private static final Duration VALIDITY = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final CertificateAuthority ca = CertificateAuthority.create("management-test-ca", VALIDITY);
    private final List<AutoCloseable> open = new ArrayList<>();
    private MockCluster local;
    private MockCluster remote;
    private ControlPlane plane;

    @BeforeEach
    void start() throws Exception {
        local = new MockCluster("local");
        remote = new MockCluster("remote");
        Guide.applyLocal(local);
        Guide.applyRemote(remote, false);
        KubeSource source = KubeSources.source(List.of(local.connection(), remote.connection()), Guide.FAST);
        open.add(source);
        CertificateAuthority.Issued server = ca.issueServer(List.of("localhost"), VALIDITY);
        XdsTls tls = new XdsTls(
                write("server.crt", server.certificatePem()),
                write("server.key", server.privateKeyPem()),
                write("ca.crt", ca.ca().certificatePem()),
                XdsTls.DEFAULT_RELOAD);
        plane = ControlPlane.start(
                new ControlPlane.Settings(
                        null,
                        0,
                        "127.0.0.1",
                        0,
                        Duration.ofMillis(50),
                        Duration.ofMillis(500),
                        new XdsSecurity("127.0.0.1", tls, SpiffeId.DEFAULT_TRUST_DOMAIN)),
                source,
                new PrintStream(PrintStream.nullOutputStream()));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (plane != null) {
            plane.close();
        }
        local.close();
        remote.close();
    }

    @Test
    void eachClustersGatewayProxyGetsItsOwnPartOverMutualTls() throws Exception {
        EnvoyProxy localProxy = proxy(LOCAL);
        EnvoyProxy remoteProxy = proxy(REMOTE);

        ProxyState primary = localProxy.awaitSettled(
                "blue with its failover tier",
                s -> !s.endpointsByPriority(BLUE_CLUSTER)
                        .getOrDefault(1, List.of())
                        .isEmpty());
        ProxyState gateway = remoteProxy.awaitSettled(
                "the failover gateway's listener", s -> !serverNames(s).isEmpty());

        assertThat(primary.endpointsByPriority(BLUE_CLUSTER).get(1))
                .as("priority 1 at the remote failover gateway's discovered address")
                .containsExactly(LOAD_BALANCER_ADDRESS);
        assertThat(serverNames(gateway))
                .as("SNI names the remote failover gateway forwards")
                .containsExactly(GREEN_SNI);
        assertThat(serverNames(primary))
                .as("no failover gateway on the local proxy")
                .isEmpty();
        assertThat(gateway.clusters()).doesNotContainKey(BLUE_CLUSTER);
        assertThat(primary.secrets().keySet())
                .as("the local proxy holds no secret of the remote gateway")
                .doesNotContainAnyElementsOf(gateway.secrets().keySet());
        assertThat(localProxy.failures()).isEmpty();
        assertThat(remoteProxy.failures()).isEmpty();
    }

    private EnvoyProxy proxy(ProxyGroup group) throws IOException {
        CertificateAuthority.Issued client =
                ca.issueClient(SpiffeId.of(SpiffeId.DEFAULT_TRUST_DOMAIN, group), VALIDITY);
        ManagedChannel channel = NettyChannelBuilder.forAddress(
                        "localhost",
                        plane.xdsPort(),
                        TlsChannelCredentials.newBuilder()
                                .keyManager(pem(client.certificatePem()), pem(client.privateKeyPem()))
                                .trustManager(pem(ca.ca().certificatePem()))
                                .build())
                .build();
        open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        EnvoyProxy envoy = EnvoyProxy.start(
                channel,
                io.envoyproxy.envoy.config.core.v3.Node.newBuilder()
                        .setId(group.proxy() + "-1")
                        .setCluster(group.proxy())
                        .setUserAgentName("envoy")
                        .setMetadata(com.google.protobuf.Struct.newBuilder()
                                .putFields(
                                        "cluster",
                                        com.google.protobuf.Value.newBuilder()
                                                .setStringValue(group.cluster())
                                                .build()))
                        .build(),
                EnvoyOptions.stateOfTheWorld());
        open.add(envoy);
        return envoy;
    }

    /** The SNI names of every filter chain of every active listener. */
    private static List<String> serverNames(ProxyState state) {
        List<String> names = new ArrayList<>();
        for (Listener listener : state.listeners().values()) {
            for (FilterChain chain : listener.getFilterChainsList()) {
                names.addAll(chain.getFilterChainMatch().getServerNamesList());
            }
        }
        return names;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static ByteArrayInputStream pem(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
