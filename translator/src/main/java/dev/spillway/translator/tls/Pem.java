package dev.spillway.translator.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM of a TLS Secret. Certificates with the JDK; private keys in the forms Envoy reads
 * ({@code PEM_read_bio_PrivateKey}: PKCS#8, PKCS#1 RSA, SEC1 EC) with Bouncy Castle's PEM parser.
 * Errors name what could not be read, never the bytes.
 */
public final class Pem {
    private Pem() {}

    /** PEM that cannot be used; the message never quotes the input. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /** Every certificate in a PEM bundle, in order; at least one. */
    public static List<X509Certificate> certificates(String pem) throws Unreadable {
        if (pem == null || pem.isBlank()) {
            throw new Unreadable("is empty");
        }
        try {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream()
                    .map(X509Certificate.class::cast)
                    .toList();
            if (certs.isEmpty()) {
                throw new Unreadable("holds no PEM certificate");
            }
            return certs;
        } catch (CertificateException e) {
            throw new Unreadable("is not a PEM X.509 certificate");
        }
    }

    /** The private key of a PEM key file. */
    public static PrivateKey privateKey(String pem) throws Unreadable {
        if (pem == null || pem.isBlank()) {
            throw new Unreadable("is empty");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (read instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (read instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (read instanceof PEMEncryptedKeyPair || read instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new Unreadable("is encrypted: Envoy reads only unencrypted private keys from a Secret");
            }
            throw new Unreadable("holds no PEM private key");
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("is not a readable PEM private key");
        }
    }
}
