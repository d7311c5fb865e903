package dev.spillway.it.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.server.ControlPlane;
import dev.spillway.server.cli.Main;
import dev.spillway.server.xds.SpiffeId;
import dev.spillway.server.xds.XdsSecurity;
import dev.spillway.server.xds.XdsTls;
import dev.spillway.server.xds.envoy.EnvoyOptions;
import dev.spillway.server.xds.envoy.EnvoyProxy;
import dev.spillway.server.xds.envoy.ProxyState;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Envoy-behaviour client connecting as the shipped bootstraps ({@code envoy-configs/*-gateway-proxy.yaml}) make
 * Envoy connect: their node, and their {@code spillway-xds} cluster's mTLS (client certificate, CA, SNI, ALPN, the
 * server's DNS SAN) with the files {@code make xds-certs} writes ({@code spillway create xds-certs --out-dir
 * envoy-configs/xds-certs --group local/gateway-proxy --group remote/gateway-proxy}), against Spillway serving the
 * example with {@code make run}'s TLS flags. Runs here: no Envoy needed.
 */
class ShippedBootstrapMtlsTest {
    private static final String LOCAL_SECRET = "gloo-system_failover-upstream";
    private static final String REMOTE_SECRET = "gloo-system_failover-downstream";

    /** Stands for the repository root Envoy starts in: the bootstraps' relative file names resolve against it. */
    @TempDir
    Path root;

    private ControlPlane spillway;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<EnvoyProxy> proxies = new ArrayList<>();

    @BeforeEach
    void serveTheExampleWithMtls() throws IOException {
        Path certs = root.resolve("envoy-configs/xds-certs");
        int exit = Main.run(
                "create",
                "xds-certs",
                "--out-dir",
                certs.toString(),
                "--group",
                "local/gateway-proxy",
                "--group",
                "remote/gateway-proxy");
        assertThat(exit).as("spillway create xds-certs").isZero();
        Path config = copy(Repo.root().resolve("examples/failover"), root.resolve("config"));
        XdsTls tls = new XdsTls(
                certs.resolve("server.crt"),
                certs.resolve("server.key"),
                certs.resolve("ca.crt"),
                XdsTls.DEFAULT_RELOAD);
        spillway = ControlPlane.start(
                new ControlPlane.Settings(
                        config,
                        0,
                        "127.0.0.1",
                        0,
                        Duration.ofMillis(50),
                        Duration.ofMillis(500),
                        new XdsSecurity("127.0.0.1", tls, SpiffeId.DEFAULT_TRUST_DOMAIN)),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    @AfterEach
    void stop() {
        proxies.forEach(EnvoyProxy::close);
        channels.forEach(ManagedChannel::shutdownNow);
        if (spillway != null) {
            spillway.close();
        }
    }

    @ParameterizedTest(name = "{0} delta={1}")
    @CsvSource({"local,false", "local,true", "remote,false", "remote,true"})
    void eachShippedBootstrapGetsItsGroupsConfigAndOnlyItsOwnSecrets(String cluster, boolean delta) {
        EnvoyBootstrap bootstrap = EnvoyBootstrap.gatewayProxy(cluster);

        EnvoyProxy envoy = connect(bootstrap.xdsClientTls(), bootstrap.node(), delta);

        ProxyState state = envoy.awaitSettled(
                "the " + cluster + " group's config",
                s -> !s.listeners().isEmpty() && !s.secrets().isEmpty());
        String own = cluster.equals("local") ? LOCAL_SECRET : REMOTE_SECRET;
        String other = cluster.equals("local") ? REMOTE_SECRET : LOCAL_SECRET;
        assertThat(state.secrets().keySet())
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).startsWith(own));
        assertThat(state.secrets().keySet())
                .noneSatisfy(name -> assertThat(name).startsWith(other));
        assertThat(state.clusters()).isNotEmpty();
    }

    /**
     * The local bootstrap's node with the remote proxy's certificate: refused before anything is sent, so the proxy
     * holds no configuration and no key, and it learns why (Envoy logs the status and message).
     */
    @Test
    void aProxyWithAnotherGroupsCertificateGetsNoConfigurationAndNoKey() {
        Node local = EnvoyBootstrap.gatewayProxy("local").node();
        EnvoyBootstrap.XdsClientTls remoteCertificate =
                EnvoyBootstrap.gatewayProxy("remote").xdsClientTls();

        EnvoyProxy envoy = connect(remoteCertificate, local, false);

        Poll.until(
                "the server to end the stream",
                Duration.ofSeconds(10),
                () -> !envoy.remoteCloses().isEmpty(),
                () -> envoy.state().toString());
        List<Status> closes = envoy.remoteCloses();
        assertThat(closes.get(0).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(closes.get(0).getDescription())
                .contains("spiffe://spillway/cluster/remote/proxy/gateway-proxy")
                .contains("local/gateway-proxy");
        assertThat(envoy.responsesReceived()).as("responses received").isZero();
        assertThat(envoy.state().secrets()).isEmpty();
        assertThat(envoy.state().clusters()).isEmpty();
        assertThat(envoy.state().listeners()).isEmpty();
    }

    /**
     * A channel as the bootstrap's {@code spillway-xds} cluster makes Envoy connect. grpc-java checks the server
     * certificate against the authority, so the authority is the SNI and the bootstrap's SAN matcher must name
     * exactly that (as the shipped ones do); grpc-java offers ALPN h2, as the bootstrap does.
     */
    private EnvoyProxy connect(EnvoyBootstrap.XdsClientTls tls, Node node, boolean delta) {
        assertThat(tls.dnsSans()).as("the bootstrap's server SAN").containsExactly(tls.sni());
        assertThat(tls.alpn()).as("the bootstrap's ALPN").containsExactly("h2");
        ChannelCredentials credentials;
        try {
            credentials = TlsChannelCredentials.newBuilder()
                    .keyManager(
                            root.resolve(tls.certificateChainFile()).toFile(),
                            root.resolve(tls.privateKeyFile()).toFile())
                    .trustManager(root.resolve(tls.trustedCaFile()).toFile())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", spillway.xdsPort(), credentials)
                .overrideAuthority(tls.sni())
                .build();
        channels.add(channel);
        EnvoyProxy envoy =
                EnvoyProxy.start(channel, node, EnvoyOptions.stateOfTheWorld().withDelta(delta));
        proxies.add(envoy);
        return envoy;
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return to;
    }
}
