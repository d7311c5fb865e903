package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.NEIGHBOUR;
import static dev.spillway.api.codec.Decoding.assertAccepted;
import static dev.spillway.api.codec.Decoding.assertRejected;
import static dev.spillway.api.codec.Decoding.decodeFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.TlsSecret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretDecoderTest {

    private static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n";
    private static final String KEY = "-----BEGIN EC PRIVATE KEY-----\nMHcCtest\n-----END EC PRIVATE KEY-----\n";

    /** A kubernetes.io/tls Secret with the given {@code data} entries (already base64). */
    private static String tlsSecret(String data) {
        return """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: failover-downstream
                  namespace: gloo-system
                type: kubernetes.io/tls
                data:
                """ + data.indent(2);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainStringDataIsAccepted() {
        TlsSecret secret = (TlsSecret) assertAccepted("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: failover-upstream
                  namespace: gloo-system
                type: kubernetes.io/tls
                stringData:
                  tls.crt: |
                    -----BEGIN CERTIFICATE-----
                    MIIBtest
                    -----END CERTIFICATE-----
                  tls.key: |
                    -----BEGIN EC PRIVATE KEY-----
                    MHcCtest
                    -----END EC PRIVATE KEY-----
                """);

        assertThat(secret.certChain()).isEqualTo(CERT);
        assertThat(secret.privateKey()).isEqualTo(KEY);
        assertThat(secret.rootCa()).isEmpty();
    }

    @Test
    void base64WrappedOverLinesIsAccepted() {
        String wrapped = base64(CERT).replaceAll("(.{20})", "$1\n");
        TlsSecret secret =
                (TlsSecret) assertAccepted(tlsSecret("tls.crt: |\n" + wrapped.indent(2) + "tls.key: " + base64(KEY)));

        assertThat(secret.certChain()).isEqualTo(CERT);
    }

    @Test
    void invalidBase64() {
        assertRejected(
                tlsSecret("tls.crt: not*base64\ntls.key: " + base64(KEY)),
                "Secret gloo-system/failover-downstream: data.tls.crt is not valid base64");
    }

    @Test
    void certificateWithoutPemCertificate() {
        assertRejected(
                tlsSecret("tls.crt: " + base64("just text") + "\ntls.key: " + base64(KEY)),
                "Secret gloo-system/failover-downstream: data.tls.crt does not contain a PEM certificate");
    }

    @Test
    void keyWithoutPemPrivateKey() {
        assertRejected(
                tlsSecret("tls.crt: " + base64(CERT) + "\ntls.key: " + base64(CERT)),
                "Secret gloo-system/failover-downstream: data.tls.key does not contain a PEM private key");
    }

    @Test
    void rootCaWithoutPemCertificate() {
        assertRejected(
                tlsSecret("tls.crt: " + base64(CERT) + "\ntls.key: " + base64(KEY) + "\nca.crt: " + base64(KEY)),
                "Secret gloo-system/failover-downstream: data.ca.crt does not contain a PEM certificate");
    }

    @Test
    void keyIsRequired() {
        assertRejected(
                tlsSecret("tls.crt: " + base64(CERT)),
                "Secret gloo-system/failover-downstream: data.tls.key is required");
    }

    @Test
    void entryOfAnotherTypeIsReportedOnce() {
        assertRejected(
                tlsSecret("tls.crt: 42\ntls.key: " + base64(KEY)),
                "Secret gloo-system/failover-downstream: data.tls.crt must be a string");
    }

    @Test
    void otherSecretsAreIgnoredEvenWithoutAName() {
        DecodedFile file = decodeFile(NEIGHBOUR + """
                ---
                apiVersion: v1
                kind: Secret
                type: Opaque
                stringData: {password: hunter2}
                """);

        assertThat(file.documents()).hasSize(1);
    }

    @Test
    void otherSecretsAreIgnored() {
        DecodedFile file = decodeFile(NEIGHBOUR + """
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: registry
                type: kubernetes.io/dockerconfigjson
                data:
                  .dockerconfigjson: e30=
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: password
                type: Opaque
                stringData:
                  password: hunter2
                """);

        assertThat(file.documents()).hasSize(1);
    }

    @Test
    void opaqueSecretWithATlsCertificateIsRead() {
        TlsSecret secret = (TlsSecret) assertAccepted("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: legacy
                  namespace: gloo-system
                type: Opaque
                data:
                  tls.crt: %s
                  tls.key: %s
                """.formatted(base64(CERT), base64(KEY)));

        assertThat(secret.certChain()).isEqualTo(CERT);
    }

    @Test
    void privateKeyIsNeverPrinted() {
        TlsSecret secret =
                (TlsSecret) assertAccepted(tlsSecret("tls.crt: " + base64(CERT) + "\ntls.key: " + base64(KEY)));

        assertThat(secret.toString()).doesNotContain("MHcCtest");
    }
}
