package dev.spillway.it.envoy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The guide's two self-signed pairs, made by the guide's own commands:
 * <pre>
 * openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout tls.key -out tls.crt -subj "/CN=solo.io"
 * openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout mtls.key -out mtls.crt -subj "/CN=solo.io"
 * </pre>
 * {@code tls.*} is the remote failover gateway's server pair; {@code mtls.*} the local proxy's client pair,
 * and {@code mtls.crt} also the root CA the failover gateway trusts.
 */
public record TestCertificates(String tlsCrt, String tlsKey, String mtlsCrt, String mtlsKey) {

    /** Why certificates cannot be made here, or null when {@code openssl} is on the PATH. */
    public static String unavailableReason() {
        return EnvoyRuntime.onPath("openssl") == null
                ? "openssl not on PATH (the guide makes its certificates with it)"
                : null;
    }

    /** Runs the guide's two commands in {@code dir}. */
    public static TestCertificates generate(Path dir) {
        try {
            Files.createDirectories(dir);
            openssl(dir, "tls");
            openssl(dir, "mtls");
            return new TestCertificates(
                    Files.readString(dir.resolve("tls.crt")),
                    Files.readString(dir.resolve("tls.key")),
                    Files.readString(dir.resolve("mtls.crt")),
                    Files.readString(dir.resolve("mtls.key")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(Path dir, String name) throws IOException {
        List<String> command = List.of(
                "openssl",
                "req",
                "-x509",
                "-nodes",
                "-days",
                "365",
                "-newkey",
                "rsa:2048",
                "-keyout",
                name + ".key",
                "-out",
                name + ".crt",
                "-subj",
                "/CN=solo.io");
        Path log = dir.resolve(name + "-openssl.log");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A {@code kubernetes.io/tls} Secret as {@code glooctl create secret tls --name NAME --certchain CRT
     * --privatekey KEY [--rootca CA]} stores it in {@code gloo-system}.
     */
    public static String secretYaml(String name, String crt, String key, String rootCa) {
        StringBuilder yaml = new StringBuilder()
                .append("# Made by the test with the guide's openssl commands.\n")
                .append("apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\n")
                .append("metadata:\n  name: ")
                .append(name)
                .append("\n  namespace: gloo-system\n")
                .append("data:\n");
        if (rootCa != null) {
            yaml.append("  ca.crt: ").append(base64(rootCa)).append('\n');
        }
        yaml.append("  tls.crt: ").append(base64(crt)).append('\n');
        yaml.append("  tls.key: ").append(base64(key)).append('\n');
        return yaml.toString();
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code glooctl create secret tls --name failover-downstream --certchain tls.crt --privatekey tls.key --rootca mtls.crt}. */
    public String failoverDownstreamSecret() {
        return secretYaml("failover-downstream", tlsCrt, tlsKey, mtlsCrt);
    }

    /** {@code glooctl create secret tls --name failover-upstream --certchain mtls.crt --privatekey mtls.key}. */
    public String failoverUpstreamSecret() {
        return secretYaml("failover-upstream", mtlsCrt, mtlsKey, null);
    }

    /** The local proxy's client pair as a key store, for a test client that presents it. */
    public KeyStore clientKeyStore() {
        return keyStore(mtlsCrt, mtlsKey);
    }

    /** The failover gateway's server certificate as a trust store. */
    public KeyStore serverTrustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("server", certificate(tlsCrt));
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyStore keyStore(String crtPem, String keyPem) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", privateKey(keyPem), new char[0], new Certificate[] {certificate(crtPem)});
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Certificate certificate(String pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** openssl 3 writes unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("not an unencrypted PKCS#8 PEM key");
        }
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
