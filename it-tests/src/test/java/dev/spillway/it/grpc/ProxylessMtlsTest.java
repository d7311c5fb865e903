package dev.spillway.it.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.server.ControlPlane;
import dev.spillway.server.xds.CertificateAuthority;
import dev.spillway.server.xds.SpiffeId;
import dev.spillway.server.xds.XdsSecurity;
import dev.spillway.server.xds.XdsTls;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.internal.JsonParser;
import io.grpc.xds.XdsNameResolverProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grpc-java's own xDS client (grpc-xds, proxyless) reaching Spillway's xDS port over mTLS, each client with a
 * bootstrap of its own ({@code channel_creds} {@code tls} with certificate files, see
 * {@link FileMtlsXdsCredentialsProvider}): only the certificate of the client's own proxyless identity
 * ({@code spiffe://spillway/cluster/local/proxyless}) gets configuration; no certificate, another cluster's
 * certificate and plaintext get nothing, checked on the server's own counters too. A rotated server certificate
 * serves new connections without a restart.
 */
class ProxylessMtlsTest {
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final AtomicInteger SCHEMES = new AtomicInteger();
    private static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final CertificateAuthority ca = CertificateAuthority.create("proxyless-mtls-ca", VALIDITY);
    private ColorBackend blue;
    private ColorBackend green;
    private Path serverCert;
    private Path serverKey;
    private Path caFile;
    private ControlPlane spillway;
    private final List<XdsNameResolverProvider> resolvers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        blue = ColorBackend.start(Color.BLUE);
        green = ColorBackend.start(Color.GREEN);
        ColorConfig config = ColorConfig.write(dir.resolve("config"), blue.port(), green.port());
        caFile = write("ca.crt", ca.ca().certificatePem());
        CertificateAuthority.Issued server = ca.issueServer(List.of("localhost", "127.0.0.1"), VALIDITY);
        serverCert = write("server.crt", server.certificatePem());
        serverKey = write("server.key", server.privateKeyPem());
        spillway = ControlPlane.start(
                new ControlPlane.Settings(
                        config.dir(),
                        0,
                        "127.0.0.1",
                        0,
                        Duration.ofMillis(50),
                        Duration.ofMillis(500),
                        new XdsSecurity(
                                "127.0.0.1",
                                new XdsTls(serverCert, serverKey, caFile, Duration.ofMillis(50)),
                                SpiffeId.DEFAULT_TRUST_DOMAIN)),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        resolvers.forEach(NameResolverRegistry.getDefaultRegistry()::deregister);
        if (spillway != null) {
            spillway.close();
        }
        blue.close();
        green.close();
    }

    @Test
    void theClientsOwnIdentityGetsItsConfiguration() throws Exception {
        ManagedChannel channel = xdsChannel(tls(client("local"), caFile));

        Eventually.until("blue over xDS", CONFIG_TIMEOUT, () -> Color.BLUE.equals(Color.getWaitingForReady(channel)));
        assertThat(admin().connectedStreams())
                .containsOnlyKeys(ProxyGroup.proxyless("local").toString());
    }

    @Test
    void withoutAClientCertificateTheClientGetsNothing() throws Exception {
        ManagedChannel channel = xdsChannel(tls(null, caFile));

        assertNothingServed(channel);
    }

    @Test
    void aCertificateOfAnotherClusterGetsNothing() throws Exception {
        ManagedChannel channel = xdsChannel(tls(client("remote"), caFile));

        Status status = assertNothingServed(channel);
        assertThat(status.getDescription())
                .as("the refusal grpc-java reports")
                .contains("PERMISSION_DENIED")
                .contains("spiffe://spillway/cluster/remote/proxyless");
    }

    @Test
    void aPlaintextClientGetsNothing() throws Exception {
        ManagedChannel channel = xdsChannel("{\"type\": \"insecure\"}");

        assertNothingServed(channel);
    }

    /**
     * The server certificate is rotated to one of another CA, the only one the client trusts: refused before, it
     * gets its configuration afterwards from the same running control plane.
     */
    @Test
    void aRotatedServerCertificateServesNewConnectionsWithoutARestart() throws Exception {
        CertificateAuthority next = CertificateAuthority.create("proxyless-mtls-next-ca", VALIDITY);
        Path nextCa = write("next-ca.crt", next.ca().certificatePem());
        ManagedChannel channel = xdsChannel(tls(client("local"), nextCa));
        assertNothingServed(channel);

        CertificateAuthority.Issued rotated = next.issueServer(List.of("localhost", "127.0.0.1"), VALIDITY);
        replace(serverKey, rotated.privateKeyPem());
        replace(serverCert, rotated.certificatePem());

        Eventually.until(
                "blue over xDS after the rotation",
                CONFIG_TIMEOUT,
                () -> Color.BLUE.equals(Color.getWaitingForReady(channel)));
    }

    /** A fail-fast call fails for want of configuration, and the server sent nothing to anyone. */
    private Status assertNothingServed(ManagedChannel channel) throws Exception {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> Color.get(channel));
        assertThat(failure).as("a call without configuration").isNotNull();
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        Admin admin = admin();
        assertThat(admin.connectedStreams()).as("identified ADS streams").isEmpty();
        for (String type : List.of("cluster", "endpoint", "listener", "route", "secret")) {
            assertThat(admin.pushes(type)).as("%s responses sent", type).isZero();
        }
        return failure.getStatus();
    }

    /** A channel to {@code color.test} resolved by a grpc-java xDS client of its own, with these channel_creds. */
    private ManagedChannel xdsChannel(String channelCreds) throws IOException {
        String bootstrap = """
                {
                  "xds_servers": [{
                    "server_uri": "127.0.0.1:%d",
                    "channel_creds": [%s],
                    "server_features": ["xds_v3"]
                  }],
                  "node": {"id": "color-client-mtls", "cluster": "color-client", "metadata": {"cluster": "local"}}
                }""".formatted(spillway.xdsPort(), channelCreds);
        @SuppressWarnings("unchecked")
        Map<String, ?> parsed = (Map<String, ?>) JsonParser.parse(bootstrap);
        String scheme = "xds-mtls-" + SCHEMES.incrementAndGet();
        XdsNameResolverProvider resolver = XdsNameResolverProvider.createForTest(scheme, parsed);
        NameResolverRegistry.getDefaultRegistry().register(resolver);
        resolvers.add(resolver);
        ManagedChannel channel = Grpc.newChannelBuilder(scheme + ":///color.test", InsecureChannelCredentials.create())
                .build();
        channels.add(channel);
        return channel;
    }

    /** {@code channel_creds} of type {@code tls}: the client certificate files (or none) and the trusted CA. */
    private static String tls(Path[] client, Path ca) {
        String identity = client == null
                ? ""
                : "\"certificate_file\": \"%s\", \"private_key_file\": \"%s\", ".formatted(client[0], client[1]);
        return "{\"type\": \"tls\", \"config\": {%s\"ca_certificate_file\": \"%s\"}}".formatted(identity, ca);
    }

    /** The files of a proxyless client certificate of {@code cluster}: {cert, key}. */
    private Path[] client(String cluster) throws IOException {
        CertificateAuthority.Issued issued =
                ca.issueClient(SpiffeId.of(SpiffeId.DEFAULT_TRUST_DOMAIN, ProxyGroup.proxyless(cluster)), VALIDITY);
        return new Path[] {
            write(cluster + "-proxyless.crt", issued.certificatePem()),
            write(cluster + "-proxyless.key", issued.privateKeyPem())
        };
    }

    private Admin admin() {
        return new Admin(spillway.adminPort());
    }

    private Path write(String name, String pem) throws IOException {
        return Files.writeString(dir.resolve(name), pem);
    }

    /** Replaces a file as an operator's tooling would, with a modification time the reloader surely sees as new. */
    private static void replace(Path file, String pem) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, pem);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
    }
}
