package dev.spillway.server.xds;

import io.grpc.util.CertificateUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for the xDS port: issues the server certificate and the proxies' client
 * certificates (their {@link SpiffeId} as URI SAN). ECDSA P-256 keys, written as PEM (keys as PKCS#8, which
 * both Envoy and grpc-java read). The JDK's own providers do the cryptography; BouncyCastle builds the X.509.
 */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate and its key, as PEM. */
    public record Issued(X509Certificate certificate, String certificatePem, String privateKeyPem) {
        @Override
        public String toString() {
            // Never print the key.
            return "Issued[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Issued self;

    private CertificateAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
        this.self = new Issued(certificate, pem(certificate), pem(keys.getPrivate()));
    }

    /** A new self-signed CA named {@code commonName}, valid for {@code validity} from now. */
    public static CertificateAuthority create(String commonName, Duration validity) {
        KeyPair keys = newKeys();
        X500Name name = new X500Name("CN=" + commonName);
        X509Certificate cert = sign(keys, name, name, keys.getPrivate(), validity, b -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        });
        return new CertificateAuthority(keys, cert);
    }

    /**
     * An existing CA, from its PEM certificate and PKCS#8 key.
     *
     * @throws IllegalArgumentException when they are not a CA certificate and its key (the message never
     *                                  quotes them)
     */
    public static CertificateAuthority load(String certificatePem, String privateKeyPem) {
        X509Certificate cert;
        PrivateKey key;
        try {
            X509Certificate[] certs = CertificateUtils.getX509Certificates(
                    new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.length == 0) {
                throw new IllegalArgumentException("no PEM certificate");
            }
            cert = certs[0];
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the certificate cannot be read", e);
        }
        try {
            key = CertificateUtils.getPrivateKey(
                    new ByteArrayInputStream(privateKeyPem.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the key is not a PEM PKCS#8 private key");
        }
        if (cert.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("the certificate " + cert.getSubjectX500Principal() + " is not a CA");
        }
        return new CertificateAuthority(new KeyPair(cert.getPublicKey(), key), cert);
    }

    /** The CA's own certificate and key. */
    public Issued ca() {
        return self;
    }

    /** A server certificate for {@code dnsNames} (the first is also the common name). */
    public Issued issueServer(List<String> dnsNames, Duration validity) {
        List<GeneralName> sans = new ArrayList<>();
        for (String dns : dnsNames) {
            sans.add(dnsOrIp(dns));
        }
        return issue(dnsNames.get(0), sans, KeyPurposeId.id_kp_serverAuth, validity);
    }

    /** A client certificate whose URI SAN is {@code id}. */
    public Issued issueClient(SpiffeId id, Duration validity) {
        String cn = id.cluster() + "/" + id.proxy();
        return issue(
                cn,
                List.of(new GeneralName(GeneralName.uniformResourceIdentifier, id.uri())),
                KeyPurposeId.id_kp_clientAuth,
                validity);
    }

    private Issued issue(String commonName, List<GeneralName> sans, KeyPurposeId purpose, Duration validity) {
        KeyPair leaf = newKeys();
        X500Name issuer = new X500Name(certificate.getSubjectX500Principal().getName());
        X509Certificate cert = sign(
                leaf, issuer, new X500Name("CN=" + commonName.replace(",", "\\,")), keys.getPrivate(), validity, b -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
                    b.addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(sans.toArray(GeneralName[]::new)));
                    b.addExtension(
                            Extension.authorityKeyIdentifier, false, utils().createAuthorityKeyIdentifier(certificate));
                });
        return new Issued(cert, pem(cert), pem(leaf.getPrivate()));
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws IOException, GeneralSecurityException;
    }

    private static X509Certificate sign(
            KeyPair subject,
            X500Name issuer,
            X500Name name,
            PrivateKey signer,
            Duration validity,
            Extensions extensions) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(127, RANDOM).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)),
                    name,
                    subject.getPublic());
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, utils().createSubjectKeyIdentifier(subject.getPublic()));
            extensions.add(builder);
            ContentSigner contentSigner = new JcaContentSignerBuilder(
                            "RSA".equals(signer.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA")
                    .build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate for " + name + ": " + e.getMessage(), e);
        }
    }

    private static JcaX509ExtensionUtils utils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 (for key identifiers) is not available", e);
        }
    }

    private static GeneralName dnsOrIp(String name) {
        boolean ip = name.matches("[0-9.]+") || name.contains(":");
        return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name);
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 keys are not available", e);
        }
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : object);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PEM", e);
        }
        return text.toString();
    }
}
