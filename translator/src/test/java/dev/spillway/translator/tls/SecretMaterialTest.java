package dev.spillway.translator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.status.Problem;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.Test;

/** Each fault Envoy fails a TLS context on, found in the Secret, one per field, never quoting the key. */
class SecretMaterialTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final TestCertificates.Pair GOOD = TestCertificates.selfSigned(
            "good", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)), List.of());
    private static final String GARBAGE_CERT = "-----BEGIN CERTIFICATE-----\nnotbase64!!\n-----END CERTIFICATE-----\n";

    private static TlsSecret secret(String cert, String key, String ca) {
        return secret("s", cert, key, ca);
    }

    private static TlsSecret secret(String name, String cert, String key, String ca) {
        return new TlsSecret(new ObjectMeta("local", "gloo-system", name, Map.of(), 0, ""), cert, key, ca);
    }

    private static List<SecretMaterial.Fault> faults(String cert, String key, String ca) {
        return SecretMaterial.check(secret(cert, key, ca)).faults();
    }

    private static String body(String pem) {
        return pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    }

    @Test
    void aMatchingRsaPairWithACaLoads() {
        assertThat(faults(GOOD.certPem(), GOOD.keyPem(), GOOD.certPem())).isEmpty();
    }

    @Test
    void matchingPairsLoadInEveryKeyFormEnvoyReads() {
        for (KeyPair keys : List.of(TestCertificates.rsa(), TestCertificates.ec())) {
            for (TestCertificates.KeyForm form : TestCertificates.KeyForm.values()) {
                TestCertificates.Pair pair = TestCertificates.selfSigned(
                        "p", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(9)), List.of(), keys, form);
                assertThat(faults(pair.certPem(), pair.keyPem(), ""))
                        .as(keys.getPrivate().getAlgorithm() + " " + form)
                        .isEmpty();
            }
        }
    }

    @Test
    void aCertificateChainThatDoesNotParseIsAFaultOnTlsCrt() {
        assertThat(faults(GARBAGE_CERT, GOOD.keyPem(), ""))
                .containsExactly(new SecretMaterial.Fault("data.tls.crt", "is not a PEM X.509 certificate"));
    }

    @Test
    void aChainWithNoCertificateIsAFaultOnTlsCrt() {
        String empty = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
        assertThat(faults(empty, GOOD.keyPem(), ""))
                .singleElement()
                .extracting(SecretMaterial.Fault::field)
                .isEqualTo("data.tls.crt");
        assertThat(faults("not pem at all -----BEGIN CERTIFICATE-----", GOOD.keyPem(), ""))
                .singleElement()
                .extracting(SecretMaterial.Fault::field)
                .isEqualTo("data.tls.crt");
    }

    @Test
    void aGarbagePrivateKeyIsAFaultOnTlsKeyThatDoesNotQuoteIt() {
        String garbage = "-----BEGIN PRIVATE KEY-----\nMIIEsecretgarbage\n-----END PRIVATE KEY-----\n";
        List<SecretMaterial.Fault> faults = faults(GOOD.certPem(), garbage, "");
        assertThat(faults).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("data.tls.key");
            assertThat(f.message()).doesNotContain("secretgarbage");
        });
    }

    @Test
    void anEncryptedPrivateKeyIsAFaultOnTlsKey() throws Exception {
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.PBE_SHA1_3DES)
                .setPassword("pw".toCharArray())
                .setRandom(new SecureRandom())
                .build();
        String encrypted = pem(new JcaPKCS8Generator(GOOD.keys().getPrivate(), encryptor));
        assertThat(encrypted).contains("BEGIN ENCRYPTED PRIVATE KEY");

        assertThat(faults(GOOD.certPem(), encrypted, ""))
                .containsExactly(new SecretMaterial.Fault(
                        "data.tls.key", "is encrypted: Envoy reads only unencrypted private keys from a Secret"));
    }

    @Test
    void aKeyTypeEnvoyDoesNotServeIsAFaultOnTlsKey() throws Exception {
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        String dsaKey = pem(new JcaPKCS8Generator(dsa.generateKeyPair().getPrivate(), null));

        assertThat(faults(GOOD.certPem(), dsaKey, ""))
                .containsExactly(new SecretMaterial.Fault(
                        "data.tls.key", "is a DSA key: Envoy serves RSA, ECDSA or Ed25519 keys"));
    }

    @Test
    void aKeyOfAnotherSecretIsAMismatchOnTlsKey() {
        TestCertificates.Pair other = TestCertificates.selfSigned(
                "other", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)), List.of());
        List<SecretMaterial.Fault> faults = faults(GOOD.certPem(), other.keyPem(), "");
        assertThat(faults).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("data.tls.key");
            assertThat(f.message()).startsWith("is not the key of the certificate in tls.crt (RSA, CN=good)");
            assertThat(f.message()).doesNotContain(body(other.keyPem()));
        });
    }

    @Test
    void anEcKeyOfAnotherSecretOnTheSameCurveIsAMismatch() {
        TestCertificates.Pair a = TestCertificates.selfSigned(
                "a",
                NOW,
                NOW.plus(Duration.ofDays(9)),
                List.of(),
                TestCertificates.ec(),
                TestCertificates.KeyForm.PKCS8);
        TestCertificates.Pair b = TestCertificates.selfSigned(
                "b",
                NOW,
                NOW.plus(Duration.ofDays(9)),
                List.of(),
                TestCertificates.ec(),
                TestCertificates.KeyForm.TRADITIONAL);
        assertThat(faults(a.certPem(), b.keyPem(), ""))
                .singleElement()
                .extracting(SecretMaterial.Fault::field)
                .isEqualTo("data.tls.key");
        assertThat(faults(a.certPem(), GOOD.keyPem(), "")).hasSize(1);
    }

    @Test
    void anEcCertificateOffEnvoysCurvesIsAFaultOnTlsCrt() throws Exception {
        KeyPairGenerator g =
                KeyPairGenerator.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec("secp256k1"));
        TestCertificates.Pair k1 = TestCertificates.selfSigned(
                "k1",
                NOW,
                NOW.plus(Duration.ofDays(9)),
                List.of(),
                g.generateKeyPair(),
                TestCertificates.KeyForm.PKCS8);

        assertThat(faults(k1.certPem(), k1.keyPem(), ""))
                .containsExactly(new SecretMaterial.Fault(
                        "data.tls.crt",
                        "holds an ECDSA certificate on a 256-bit curve: Envoy loads ECDSA certificates on P-256, P-384"
                                + " or P-521"));
    }

    @Test
    void aCaBundleThatDoesNotParseIsAFaultOnCaCrt() {
        assertThat(faults(GOOD.certPem(), GOOD.keyPem(), GARBAGE_CERT))
                .containsExactly(new SecretMaterial.Fault("data.ca.crt", "is not a PEM X.509 certificate"));
    }

    @Test
    void eachFaultyFieldHasItsOwnFault() {
        String garbageKey = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
        assertThat(faults(GARBAGE_CERT, garbageKey, GARBAGE_CERT))
                .extracting(SecretMaterial.Fault::field)
                .containsExactly("data.tls.crt", "data.tls.key", "data.ca.crt");
    }

    @Test
    void anExpiredCertificateLoadsAndWarnsWithItsNotAfter() {
        TestCertificates.Pair expired = TestCertificates.selfSigned(
                "old", NOW.minus(Duration.ofDays(400)), Instant.parse("2026-04-27T00:00:00Z"), List.of());
        TlsSecret s = secret(expired.certPem(), expired.keyPem(), "");

        assertThat(SecretMaterial.check(s).loads()).isTrue();
        assertThat(SecretExpiry.warnings(List.of(s), NOW)).containsOnlyKeys(s.key());
        Problem warning = SecretExpiry.warnings(List.of(s), NOW).get(s.key());
        assertThat(warning.severity()).isEqualTo(Problem.Severity.WARNING);
        assertThat(warning.field()).isEqualTo("data.tls.crt");
        assertThat(warning.message()).startsWith("the certificate expired 2026-04-27T00:00:00Z");
    }

    @Test
    void aCertificateNotYetValidWarnsAndAValidOneDoesNot() {
        TestCertificates.Pair future = TestCertificates.selfSigned(
                "new", NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(400)), List.of());
        TlsSecret later = secret("later", future.certPem(), future.keyPem(), "");
        TlsSecret good = secret(GOOD.certPem(), GOOD.keyPem(), "");

        assertThat(SecretExpiry.warnings(List.of(later, good), NOW)
                        .get(later.key())
                        .message())
                .startsWith("the certificate is valid only from " + NOW.plus(Duration.ofDays(2)));
        assertThat(SecretExpiry.warnings(List.of(good), NOW)).isEmpty();
    }

    private static String pem(Object o) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
