package dev.spillway.translator.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates made by the tests, never checked in: PEM as {@code openssl req -x509} writes it. */
public final class TestCertificates {
    private TestCertificates() {}

    /** A certificate and its key, in PEM. */
    public record Pair(String certPem, String keyPem, KeyPair keys) {}

    /** How the key is written. */
    public enum KeyForm {
        /** {@code BEGIN PRIVATE KEY}, as OpenSSL 3 writes it. */
        PKCS8,
        /** {@code BEGIN RSA PRIVATE KEY} or {@code BEGIN EC PRIVATE KEY}. */
        TRADITIONAL
    }

    public static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A P-256 key pair whose SEC1 form names its curve, as {@code openssl ecparam -genkey} writes it. */
    public static KeyPair ec() {
        try {
            KeyPairGenerator g =
                    KeyPairGenerator.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Pair selfSigned(String cn, Instant notBefore, Instant notAfter, List<String> dnsSans) {
        return selfSigned(cn, notBefore, notAfter, dnsSans, rsa(), KeyForm.PKCS8);
    }

    public static Pair selfSigned(
            String cn, Instant notBefore, Instant notAfter, List<String> dnsSans, KeyPair keys, KeyForm form) {
        try {
            X500Name name = new X500Name("CN=" + cn);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(notBefore.toEpochMilli()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    name,
                    keys.getPublic());
            if (!dnsSans.isEmpty()) {
                builder.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(dnsSans.stream()
                                .map(s -> new GeneralName(GeneralName.dNSName, s))
                                .toArray(GeneralName[]::new)));
            }
            String algorithm = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            var holder = builder.build(new JcaContentSignerBuilder(algorithm)
                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .build(keys.getPrivate()));
            return new Pair(pem(holder), key(keys, form), keys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same certificate with another key's PEM: a pair that does not match. */
    public static Pair withKeyOf(Pair cert, Pair other) {
        return new Pair(cert.certPem(), other.keyPem(), other.keys());
    }

    private static String key(KeyPair keys, KeyForm form) throws IOException {
        return form == KeyForm.PKCS8 ? pem(new JcaPKCS8Generator(keys.getPrivate(), null)) : pem(keys.getPrivate());
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
