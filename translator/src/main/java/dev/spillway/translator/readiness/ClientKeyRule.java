package dev.spillway.translator.readiness;

import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.status.Condition;
import dev.spillway.translator.tls.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * The client key belongs to the client certificate. Envoy refuses a certificate whose key does not match
 * (TlsContext::loadPrivateKey, source/common/tls/context_impl.cc: SSL_CTX_use_PrivateKey fails with
 * KEY_VALUES_MISMATCH), so the cluster's TLS never loads and every failover connection fails.
 * The check signs a fixed text with the key and verifies it with the certificate's public key.
 */
final class ClientKeyRule {
    static final String TYPE = "ClientKeyMatches";
    private static final byte[] PROBE = "spillway readiness probe".getBytes(StandardCharsets.US_ASCII);

    private ClientKeyRule() {}

    static Condition check(TlsSecret secret, String secretName) {
        if (secret == null) {
            return Condition.failed(TYPE, "Missing", "no Secret " + secretName);
        }
        X509Certificate leaf;
        PrivateKey key;
        try {
            leaf = Pem.certificates(secret.certChain()).get(0);
        } catch (Pem.Unreadable e) {
            return Condition.failed(TYPE, "Unreadable", "tls.crt of Secret " + secretName + " " + e.getMessage());
        }
        try {
            key = Pem.privateKey(secret.privateKey());
        } catch (Pem.Unreadable e) {
            return Condition.failed(TYPE, "Unreadable", "tls.key of Secret " + secretName + " " + e.getMessage());
        }
        if (matches(key, leaf.getPublicKey())) {
            return Condition.met(
                    TYPE, "Matches", "tls.key is the " + key.getAlgorithm() + " key of the certificate in tls.crt");
        }
        return Condition.failed(
                TYPE,
                "Mismatch",
                "tls.key of Secret " + secretName + " is not the key of its certificate "
                        + CertificateIdentity.of(leaf).display() + ": Envoy refuses the pair");
    }

    private static boolean matches(PrivateKey key, PublicKey pub) {
        String algorithm = signatureFor(key.getAlgorithm());
        if (algorithm == null || !key.getAlgorithm().equals(pub.getAlgorithm())) {
            return false;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pub);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String signatureFor(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
    }
}
