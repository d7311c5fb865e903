package dev.spillway.it.envoy;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.server.ControlPlane;
import dev.spillway.server.xds.CertificateAuthority;
import dev.spillway.server.xds.SpiffeId;
import dev.spillway.server.xds.XdsSecurity;
import dev.spillway.server.xds.XdsTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The xDS port's certificates for tests with real Envoys: the server certificate the shipped bootstraps
 * verify (SAN localhost) and each cluster's gateway-proxy client certificate, generated as
 * {@code spillway create xds-certs} does.
 */
final class XdsMtls {
    private static final Duration VALIDITY = Duration.ofDays(1);

    private final CertificateAuthority ca = CertificateAuthority.create("it-tests-xds-ca", VALIDITY);
    private final XdsTls tls;

    XdsMtls(Path dir) throws IOException {
        Files.createDirectories(dir);
        CertificateAuthority.Issued server = ca.issueServer(List.of("localhost"), VALIDITY);
        Path cert = Files.writeString(dir.resolve("server.crt"), server.certificatePem());
        Path key = Files.writeString(dir.resolve("server.key"), server.privateKeyPem());
        Path caFile = Files.writeString(dir.resolve("ca.crt"), ca.ca().certificatePem());
        tls = new XdsTls(cert, key, caFile, XdsTls.DEFAULT_RELOAD);
    }

    /** Control plane settings serving mTLS xDS on loopback (Envoys reach it through the runtime's forwarding). */
    ControlPlane.Settings settings(Path configDir, int xdsPort) {
        return new ControlPlane.Settings(
                configDir,
                xdsPort,
                "127.0.0.1",
                0,
                Duration.ofMillis(50),
                Duration.ofMillis(500),
                new XdsSecurity("127.0.0.1", tls, SpiffeId.DEFAULT_TRUST_DOMAIN));
    }

    /** The shipped bootstrap's xDS TLS files replaced by a client certificate of the cluster's gateway proxy. */
    EnvoyBootstrap clientOf(EnvoyBootstrap bootstrap) {
        CertificateAuthority.Issued client = ca.issueClient(
                SpiffeId.of(SpiffeId.DEFAULT_TRUST_DOMAIN, new ProxyGroup(bootstrap.cluster(), "gateway-proxy")),
                VALIDITY);
        return bootstrap.xdsTls(ca.ca().certificatePem(), client.certificatePem(), client.privateKeyPem());
    }
}
