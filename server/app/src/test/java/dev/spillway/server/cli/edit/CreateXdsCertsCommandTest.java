package dev.spillway.server.cli.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.server.xds.CertificateAuthority;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spillway create xds-certs}: a CA, the server certificate and one client certificate per group. */
public class CreateXdsCertsCommandTest {

    @Test
    void directoryModeWritesPemFilesWithOwnerOnlyKeysAndReusesTheCa(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("certs");
        CliRun.Result first = CliRun.run(
                "create",
                "xds-certs",
                "--out-dir",
                out.toString(),
                "--group",
                "local/gateway-proxy",
                "--group",
                "remote/*",
                "--group",
                "local/(proxyless)");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(Files.list(out).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly(
                        "ca.crt",
                        "ca.key",
                        "local-gateway-proxy.crt",
                        "local-gateway-proxy.key",
                        "local-proxyless.crt",
                        "local-proxyless.key",
                        "remote-all.crt",
                        "remote-all.key",
                        "server.crt",
                        "server.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("server.key"))))
                .isEqualTo("rw-------");
        assertThat(first.out()).doesNotContain("PRIVATE KEY");
        X509Certificate ca = cert(Files.readString(out.resolve("ca.crt")));
        X509Certificate client = cert(Files.readString(out.resolve("local-gateway-proxy.crt")));
        client.verify(ca.getPublicKey());
        assertThat(uris(client)).containsExactly("spiffe://spillway/cluster/local/proxy/gateway-proxy");
        assertThat(uris(cert(Files.readString(out.resolve("remote-all.crt")))))
                .containsExactly("spiffe://spillway/cluster/remote/proxy/*");
        assertThat(uris(cert(Files.readString(out.resolve("local-proxyless.crt")))))
                .containsExactly("spiffe://spillway/cluster/local/proxyless");
        X509Certificate server = cert(Files.readString(out.resolve("server.crt")));
        assertThat(sans(server)).contains("spillway.spillway-system.svc", "localhost", "127.0.0.1");

        CliRun.Result again =
                CliRun.run("create", "xds-certs", "--out-dir", out.toString(), "--group", "local/gateway-proxy");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("using the CA in " + out.resolve("ca.crt"));
        cert(Files.readString(out.resolve("local-gateway-proxy.crt"))).verify(ca.getPublicKey());
    }

    @Test
    void kubernetesModeWritesTlsSecretsWithTheCaAndReusesTheCaSecret() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = server.createClient()) {
            KubeClients clients = (context, kubeconfig) -> server.createClient();
            CliRun.Result run = CliRun.run(
                    clients, "create", "xds-certs", "--context", "gloo-fed", "--group", "local/gateway-proxy");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("""
                    created Secret spillway-system/spillway-xds-ca in context gloo-fed
                    created Secret spillway-system/spillway-xds-server in context gloo-fed
                    created Secret gloo-system/spillway-xds-client-gateway-proxy in context gloo-fed
                    """);
            Secret clientSecret = client.secrets()
                    .inNamespace("gloo-system")
                    .withName("spillway-xds-client-gateway-proxy")
                    .get();
            assertThat(clientSecret.getType()).isEqualTo("kubernetes.io/tls");
            assertThat(clientSecret.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
            X509Certificate ca = cert(decode(clientSecret.getData().get("ca.crt")));
            X509Certificate leaf = cert(decode(clientSecret.getData().get("tls.crt")));
            leaf.verify(ca.getPublicKey());
            assertThat(uris(leaf)).containsExactly("spiffe://spillway/cluster/local/proxy/gateway-proxy");

            CliRun.Result again = CliRun.run(
                    clients, "create", "xds-certs", "--context", "gloo-fed", "--group", "local/gateway-proxy");
            assertThat(again.out())
                    .startsWith("using the CA in Secret spillway-system/spillway-xds-ca\n")
                    .contains("replaced Secret gloo-system/spillway-xds-client-gateway-proxy");
            Secret serverSecret = client.secrets()
                    .inNamespace("spillway-system")
                    .withName("spillway-xds-server")
                    .get();
            cert(decode(serverSecret.getData().get("tls.crt"))).verify(ca.getPublicKey());

            CliRun.Result clash = CliRun.run(
                    clients,
                    "create",
                    "xds-certs",
                    "--group",
                    "local/gateway-proxy",
                    "--group",
                    "remote/gateway-proxy");
            assertThat(clash.exit()).isEqualTo(1);
            assertThat(clash.err()).contains("create each cluster's certificates in its own context");
        } finally {
            server.destroy();
        }
    }

    @Test
    void aLoadedCaIssuesCertificatesItsCertificateVerifies() throws Exception {
        CertificateAuthority created = CertificateAuthority.create("test-ca", java.time.Duration.ofDays(1));
        CertificateAuthority loaded = CertificateAuthority.load(
                created.ca().certificatePem(), created.ca().privateKeyPem());
        X509Certificate leaf = loaded.issueServer(List.of("localhost"), java.time.Duration.ofDays(1))
                .certificate();
        leaf.verify(created.ca().certificate().getPublicKey());
        assertThat(created.ca().toString()).doesNotContain("PRIVATE");
    }

    static X509Certificate cert(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    static List<String> uris(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream()
                .filter(san -> Integer.valueOf(6).equals(san.get(0)))
                .map(san -> String.valueOf(san.get(1)))
                .toList();
    }

    /** Every SAN's value: DNS names, IPs, URIs. */
    public static List<String> sans(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream()
                .map(san -> String.valueOf(san.get(1)))
                .toList();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
