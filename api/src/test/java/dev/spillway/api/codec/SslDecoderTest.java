package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.assertAccepted;
import static dev.spillway.api.codec.Decoding.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.SslOptions;
import dev.spillway.api.model.SslOptions.ProtocolVersion;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import java.util.List;
import org.junit.jupiter.api.Test;

class SslDecoderTest {

    private static String upstream(String sslConfig) {
        return """
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata: {name: blue, namespace: gloo-system}
                spec:
                  static: {hosts: [{addr: 10.0.0.1, port: 8443}]}
                  sslConfig:
                """ + sslConfig.indent(4);
    }

    @Test
    void sslFilesAreFilePathsOnTheProxy() {
        Upstream u = (Upstream) assertAccepted(upstream("""
                sslFiles: {tlsCert: /etc/certs/tls.crt, tlsKey: /etc/certs/tls.key, rootCa: /etc/certs/ca.crt}
                verifySubjectAltName: [blue.example.com]
                alpnProtocols: [h2]
                parameters: {minimumProtocolVersion: TLSv1_2, maximumProtocolVersion: TLSv1_3,
                             cipherSuites: [ECDHE-RSA-AES128-GCM-SHA256], ecdhCurves: [X25519]}
                """));

        assertThat(u.ssl())
                .isEqualTo(new Upstream.UpstreamSsl(
                        null,
                        "",
                        new SslOptions.Files("/etc/certs/tls.crt", "/etc/certs/tls.key", "/etc/certs/ca.crt"),
                        null,
                        List.of("blue.example.com"),
                        new SslOptions.Parameters(
                                ProtocolVersion.TLSv1_2,
                                ProtocolVersion.TLSv1_3,
                                List.of("ECDHE-RSA-AES128-GCM-SHA256"),
                                List.of("X25519")),
                        List.of("h2")));
    }

    @Test
    void sdsNamesTheServerAndTheSecrets() {
        Upstream u = (Upstream) assertAccepted(upstream("""
                sds: {clusterName: sds-server, certificatesSecretName: client, validationContextName: ca}
                """));

        assertThat(u.ssl().sds()).isEqualTo(new SslOptions.Sds("", "sds-server", "client", "ca"));
    }

    @Test
    void aKeyWithoutItsCertificateIsRejected() {
        assertRejected(
                upstream("sslFiles: {tlsKey: /etc/certs/tls.key}"),
                "Upstream gloo-system/blue: spec.sslConfig.sslFiles.tlsCert is required with tlsKey: a certificate chain and"
                        + " its private key go together");
    }

    @Test
    void anUnknownTlsVersionIsRejected() {
        assertRejected(
                upstream("secretRef: {name: c}\nparameters: {minimumProtocolVersion: TLSv1_4}"),
                "Upstream gloo-system/blue: spec.sslConfig.parameters.minimumProtocolVersion must be one of"
                        + " TLS_AUTO, TLSv1_0, TLSv1_1, TLSv1_2, TLSv1_3");
    }

    @Test
    void aMinimumAboveTheMaximumIsRejected() {
        assertRejected(
                upstream("parameters: {minimumProtocolVersion: TLSv1_3, maximumProtocolVersion: TLSv1_2}"),
                "Upstream gloo-system/blue: spec.sslConfig.parameters.minimumProtocolVersion is above maximumProtocolVersion TLSv1_2"
                        + ": no TLS version would remain");
    }

    @Test
    void aSanWithoutAnyCaIsRejected() {
        assertRejected(
                upstream("sslFiles: {tlsCert: /c, tlsKey: /k}\nverifySubjectAltName: [blue]"),
                "Upstream gloo-system/blue: spec.sslConfig.verifySubjectAltName needs sslFiles.rootCa: a SAN is only checked"
                        + " on a certificate verified against a CA");
        assertRejected(
                upstream("sds: {clusterName: s, certificatesSecretName: c}\nverifySubjectAltName: [blue]"),
                "Upstream gloo-system/blue: spec.sslConfig.verifySubjectAltName needs sds.validationContextName: a SAN is only"
                        + " checked on a certificate verified against a CA");
    }

    @Test
    void sdsWithoutAServerOrSecretIsRejected() {
        assertRejected(
                upstream("sds: {certificatesSecretName: c}"),
                "Upstream gloo-system/blue: spec.sslConfig.sds.clusterName is required (or targetUri): the SDS server Envoy"
                        + " fetches the secrets from");
        assertRejected(
                upstream("sds: {clusterName: s}"),
                "Upstream gloo-system/blue: spec.sslConfig.sds.certificatesSecretName is required (or validationContextName):"
                        + " sds names no secret");
    }

    @Test
    void twoCertificateSourcesAreRejected() {
        assertRejected(
                upstream("secretRef: {name: c}\nsslFiles: {rootCa: /ca}"),
                "Upstream gloo-system/blue: spec.sslConfig must set only one of secretRef, sslFiles, sds");
    }

    @Test
    void virtualServiceSslConfigAndSslGatewayAreRead() {
        VirtualService vs = (VirtualService) assertAccepted("""
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata: {name: shop, namespace: default}
                spec:
                  sslConfig:
                    secretRef: {name: shop-tls, namespace: gloo-system}
                    sniDomains: [shop.example.com]
                  virtualHost:
                    domains: [shop.example.com]
                """);
        Gateway gateway = (Gateway) assertAccepted("""
                apiVersion: gateway.solo.io/v1
                kind: Gateway
                metadata: {name: gateway-proxy-ssl, namespace: gloo-system}
                spec: {bindPort: 8443, ssl: true, httpGateway: {}}
                """);

        assertThat(vs.ssl())
                .isEqualTo(new VirtualService.DownstreamSsl(
                        new ResourceRef("shop-tls", "gloo-system"),
                        List.of("shop.example.com"),
                        false,
                        List.of(),
                        List.of(),
                        null));
        assertThat(gateway.ssl()).isTrue();
    }
}
