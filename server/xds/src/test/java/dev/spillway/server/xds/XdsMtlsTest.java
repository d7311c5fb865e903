package dev.spillway.server.xds;

import static dev.spillway.snapshot.XdsType.CLUSTER;
import static dev.spillway.snapshot.XdsType.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The xDS port over TLS with client certificates: each identity gets its own group, nothing else. */
class XdsMtlsTest {
    static final ProxyGroup LOCAL = new ProxyGroup("local", "gateway-proxy");
    static final ProxyGroup REMOTE = new ProxyGroup("remote", "gateway-proxy");
    static final String LOCAL_KEY = "-----BEGIN PRIVATE KEY-----\nbG9jYWwtZmFrZS1rZXk=\n-----END PRIVATE KEY-----\n";

    @TempDir
    Path dir;

    TestPki pki;
    Path[] serverFiles;
    AdsService ads;
    XdsServer server;
    final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pki = new TestPki("xds", dir);
        serverFiles = pki.server("server");
        var store = new dev.spillway.snapshot.SnapshotStore();
        store.publish(LOCAL, config("local-upstream", "local-key"), Map.of("local-upstream", "local-upstream"));
        store.publish(REMOTE, config("remote-upstream", "remote-key"), Map.of("remote-upstream", "remote-upstream"));
        ads = new AdsService(
                store,
                new ProxyIdentity(() -> Set.of("local", "remote")),
                new NackLog(),
                XdsMetrics.NONE,
                StreamAuthorizer.spiffe(SpiffeId.DEFAULT_TRUST_DOMAIN));
        XdsTls tls = new XdsTls(serverFiles[0], serverFiles[1], pki.caFile(), Duration.ofMillis(50));
        server = XdsServer.listen(XdsServer.LOOPBACK, 0, tls, ads).start();
    }

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        server.close();
        ads.close();
    }

    @Test
    void aProxyWithItsGroupsCertificateGetsItsGroupsConfigAndSecret() throws Exception {
        SotwClient envoy = client(tls(pki.client(LOCAL), pki.caFile()), LOCAL);

        DiscoveryResponse secrets =
                envoy.request(SECRET, "local-key", "remote-key").next(SECRET);
        assertThat(SotwClient.names(secrets)).containsExactly("local-key");
        envoy.ack(secrets).request(CLUSTER);
        assertThat(SotwClient.names(envoy.next(CLUSTER))).containsExactly("local-upstream");
    }

    @Test
    void aClusterWideCertificateCoversEveryProxyOfItsCluster() throws Exception {
        Path[] wide = pki.client(new SpiffeId(SpiffeId.DEFAULT_TRUST_DOMAIN, "local", SpiffeId.ANY_PROXY));
        SotwClient envoy = client(tls(wide, pki.caFile()), LOCAL);

        assertThat(SotwClient.names(envoy.request(CLUSTER).next(CLUSTER))).containsExactly("local-upstream");
    }

    @Test
    void aCertificateOfAnotherClusterIsRefusedBeforeAnythingIsSent() throws Exception {
        SotwClient envoy = client(tls(pki.client(REMOTE), pki.caFile()), LOCAL);
        envoy.request(SECRET, "local-key").request(CLUSTER);

        Status status = envoy.ended.get(5, TimeUnit.SECONDS);
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription())
                .contains("spiffe://spillway/cluster/remote/proxy/gateway-proxy")
                .contains("local/gateway-proxy");
        assertThat(envoy.responses).isEmpty();
    }

    @Test
    void aProxylessClientNeedsTheProxylessIdentityOfItsCluster() throws Exception {
        Node grpc = Node.newBuilder()
                .setId("grpc-client")
                .setUserAgentName("gRPC Java")
                .setMetadata(AdsHarness.node("x", LOCAL).getMetadata())
                .build();
        SotwClient wrong = new SotwClient(stub(tls(pki.client(LOCAL), pki.caFile())), grpc, true);
        wrong.request(CLUSTER);
        Status status = wrong.ended.get(5, TimeUnit.SECONDS);
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription())
                .contains("local/(proxyless)")
                .contains("spiffe://spillway/cluster/local/proxyless");
        assertThat(wrong.responses).isEmpty();

        Path[] proxyless = pki.client(SpiffeId.of(SpiffeId.DEFAULT_TRUST_DOMAIN, ProxyGroup.proxyless("local")));
        SotwClient right = new SotwClient(stub(tls(proxyless, pki.caFile())), grpc, true);
        right.request(CLUSTER).next(CLUSTER);
    }

    @Test
    void withoutAClientCertificateTheConnectionFails() throws Exception {
        ChannelCredentials noCertificate = TlsChannelCredentials.newBuilder()
                .trustManager(pki.caFile().toFile())
                .build();
        assertNothingServed(client(noCertificate, LOCAL));
    }

    @Test
    void aPlaintextConnectionFails() throws Exception {
        assertNothingServed(client(InsecureChannelCredentials.create(), LOCAL));
    }

    @Test
    void aCertificateOfAnotherCaFails() throws Exception {
        TestPki other = new TestPki("other", Files.createDirectory(dir.resolve("other")));
        assertNothingServed(client(tls(other.client(LOCAL), pki.caFile()), LOCAL));
    }

    @Test
    void aRotatedServerCertificateServesNewConnectionsWithoutARestart() throws Exception {
        Path[] clientFiles = pki.client(LOCAL);
        X509Certificate before = servedCertificate(clientFiles);

        Path[] next = pki.server("server-next");
        Files.copy(next[1], serverFiles[1], java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(next[0], serverFiles[0], java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        FileTime later = FileTime.from(Instant.now().plusSeconds(10));
        Files.setLastModifiedTime(serverFiles[0], later);
        Files.setLastModifiedTime(serverFiles[1], later);
        BigInteger rotated = ((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(Files.newInputStream(next[0])))
                .getSerialNumber();

        // The files are checked every 50 ms; a new connection shows the new certificate once they were read.
        X509Certificate after = before;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!after.getSerialNumber().equals(rotated) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            after = servedCertificate(clientFiles);
        }
        assertThat(before.getSerialNumber()).isNotEqualTo(rotated);
        assertThat(after.getSerialNumber()).isEqualTo(rotated);
    }

    /** The server certificate a new connection is shown, after that connection got its group's config. */
    private X509Certificate servedCertificate(Path[] clientFiles) throws Exception {
        List<X509Certificate> seen = new CopyOnWriteArrayList<>();
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", pki.ca.ca().certificate());
        factory.init(store);
        X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
        X509TrustManager recording = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                seen.add(chain[0]);
                trust.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return trust.getAcceptedIssuers();
            }
        };
        ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
                .keyManager(clientFiles[0].toFile(), clientFiles[1].toFile())
                .trustManager(recording)
                .build();
        SotwClient envoy = client(credentials, LOCAL);
        envoy.request(CLUSTER).next(CLUSTER);
        envoy.close();
        return seen.get(0);
    }

    private void assertNothingServed(SotwClient envoy) throws Exception {
        envoy.request(SECRET, "local-key").request(CLUSTER);
        Status status = envoy.ended.get(5, TimeUnit.SECONDS);
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(envoy.responses).isEmpty();
    }

    private static ChannelCredentials tls(Path[] clientFiles, Path ca) throws IOException {
        return TlsChannelCredentials.newBuilder()
                .keyManager(clientFiles[0].toFile(), clientFiles[1].toFile())
                .trustManager(ca.toFile())
                .build();
    }

    private SotwClient client(ChannelCredentials credentials, ProxyGroup group) {
        return new SotwClient(stub(credentials), AdsHarness.node("proxy-1", group), true);
    }

    private AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub(ChannelCredentials credentials) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", server.port(), credentials)
                .build();
        channels.add(channel);
        return AggregatedDiscoveryServiceGrpc.newStub(channel);
    }

    private static Map<XdsType, List<? extends Message>> config(String cluster, String secret) {
        Map<XdsType, List<? extends Message>> resources = new java.util.EnumMap<>(
                XdsConfig.of().upstream(cluster, "10.0.0.1").resources());
        resources.put(
                SECRET,
                List.of(Secret.newBuilder()
                        .setName(secret)
                        .setTlsCertificate(TlsCertificate.newBuilder()
                                .setPrivateKey(DataSource.newBuilder().setInlineString(LOCAL_KEY)))
                        .build()));
        return resources;
    }
}
