package dev.spillway.translator.tls;

import dev.spillway.api.model.TlsSecret;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Whether a TLS Secret's PEM is what Envoy loads: the faults Envoy would fail the listener or cluster on,
 * one per field, found before the Secret is served. What Envoy does on each (TlsContext in
 * source/common/tls/context_impl.cc, the CA in DefaultCertValidator::initializeSslContexts,
 * source/common/tls/cert_validator/default_validator.cc):
 * <ul>
 *   <li>a chain without a readable first certificate: loadCertificateChain's PEM_read_bio_X509_AUX fails,
 *       "Failed to load certificate chain from ...";
 *   <li>an EC certificate on another curve than P-256, P-384 or P-521, or an RSA one under 2048 bits:
 *       ContextImpl::ContextImpl refuses the chain ("only P-256, P-384 or P-521 ECDSA certificates are
 *       supported", "only RSA certificates with 2048-bit or larger keys are supported");
 *   <li>a key PEM_read_bio_PrivateKey cannot read (garbage, or encrypted: a Secret carries no password),
 *       a key type BoringSSL does not sign TLS with, or a key that is not the certificate's:
 *       loadPrivateKey's SSL_CTX_use_PrivateKey fails, "Failed to load private key from ...";
 *   <li>a CA bundle without a readable certificate: "Failed to load trusted CA certificates from ...".
 * </ul>
 * Validity dates are not a fault here: Envoy loads an expired certificate (see {@link SecretExpiry}).
 * Pure; results are remembered by content, since every translation checks every Secret again.
 */
public final class SecretMaterial {
    /** Fields as the Secret decoder names them. */
    public static final String CERT_FIELD = "data.tls.crt";

    public static final String KEY_FIELD = "data.tls.key";
    public static final String CA_FIELD = "data.ca.crt";

    private static final String ED25519_OID = "1.3.101.112";
    private static final int MEMO_SIZE = 4096;
    private static final Map<Material, Verdict> MEMO = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Material, Verdict> eldest) {
            return size() > MEMO_SIZE;
        }
    };

    private SecretMaterial() {}

    /** One reason the Secret cannot be served, on one field; never quotes the material. */
    public record Fault(String field, String message) {}

    /**
     * What checking found.
     *
     * @param faults    empty when Envoy loads the Secret
     * @param notBefore the first certificate's validity start, null when it does not parse
     * @param notAfter  its end, null when it does not parse
     */
    public record Verdict(List<Fault> faults, Instant notBefore, Instant notAfter) {
        public Verdict {
            faults = List.copyOf(faults);
        }

        public boolean loads() {
            return faults.isEmpty();
        }
    }

    private record Material(String certChain, String privateKey, String rootCa) {}

    public static Verdict check(TlsSecret secret) {
        Material material = new Material(secret.certChain(), secret.privateKey(), secret.rootCa());
        synchronized (MEMO) {
            Verdict known = MEMO.get(material);
            if (known != null) {
                return known;
            }
        }
        Verdict verdict = checkUncached(material);
        synchronized (MEMO) {
            MEMO.put(material, verdict);
        }
        return verdict;
    }

    private static Verdict checkUncached(Material m) {
        List<Fault> faults = new ArrayList<>();
        X509Certificate leaf = null;
        try {
            leaf = Pem.certificates(m.certChain()).get(0);
            String unsupported = unsupportedCertificateKey(leaf.getPublicKey());
            if (unsupported != null) {
                faults.add(new Fault(CERT_FIELD, unsupported));
            }
        } catch (Pem.Unreadable e) {
            faults.add(new Fault(CERT_FIELD, e.getMessage()));
        }
        try {
            PrivateKey key = Pem.privateKey(m.privateKey());
            String fault = keyFault(key, leaf);
            if (fault != null) {
                faults.add(new Fault(KEY_FIELD, fault));
            }
        } catch (Pem.Unreadable e) {
            faults.add(new Fault(KEY_FIELD, e.getMessage()));
        }
        if (!m.rootCa().isEmpty()) {
            try {
                Pem.certificates(m.rootCa());
            } catch (Pem.Unreadable e) {
                faults.add(new Fault(CA_FIELD, e.getMessage()));
            }
        }
        return leaf == null
                ? new Verdict(faults, null, null)
                : new Verdict(
                        faults,
                        leaf.getNotBefore().toInstant(),
                        leaf.getNotAfter().toInstant());
    }

    /** Why Envoy refuses the certificate's key, or null (ContextImpl::ContextImpl's switch on the key type). */
    private static String unsupportedCertificateKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            return "holds a " + rsa.getModulus().bitLength()
                    + "-bit RSA certificate: Envoy loads RSA certificates of 2048 bits or more";
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            String curve = curveName(ec);
            if (curve == null) {
                return "holds an ECDSA certificate on a " + bits
                        + "-bit curve: Envoy loads ECDSA certificates on P-256, P-384 or P-521";
            }
        }
        return null;
    }

    /** P-256, P-384 or P-521 by their field prime, else null. */
    private static String curveName(ECPublicKey ec) {
        if (!(ec.getParams().getCurve().getField() instanceof java.security.spec.ECFieldFp fp)) {
            return null;
        }
        for (String name : List.of("P-256", "P-384", "P-521")) {
            var named = org.bouncycastle.asn1.nist.NISTNamedCurves.getByName(name);
            if (named.getCurve().getField().getCharacteristic().equals(fp.getP())
                    && named.getCurve()
                            .getA()
                            .toBigInteger()
                            .equals(ec.getParams().getCurve().getA())
                    && named.getCurve()
                            .getB()
                            .toBigInteger()
                            .equals(ec.getParams().getCurve().getB())) {
                return name;
            }
        }
        return null;
    }

    /** Why Envoy refuses the key, or null; leaf is null when the certificate did not parse. */
    private static String keyFault(PrivateKey key, X509Certificate leaf) {
        String algorithm = key.getAlgorithm();
        boolean supported = key instanceof RSAPrivateKey || key instanceof ECPrivateKey || isEd25519(key);
        if (!supported) {
            return "is a " + algorithm + " key: Envoy serves RSA, ECDSA or Ed25519 keys";
        }
        if (leaf == null) {
            return null;
        }
        if (!matches(key, leaf.getPublicKey())) {
            return "is not the key of the certificate in tls.crt ("
                    + leaf.getPublicKey().getAlgorithm()
                    + ", " + leaf.getSubjectX500Principal().getName()
                    + "): Envoy refuses the pair (SSL_CTX_use_PrivateKey: key values mismatch)";
        }
        return null;
    }

    /**
     * True when the key's public half is the certificate's, derived without signing: RSA by modulus and
     * public exponent, EC by d·G on the key's curve, Ed25519 by BC's derivation.
     */
    static boolean matches(PrivateKey key, PublicKey pub) {
        if (key instanceof RSAPrivateKey rsa) {
            if (!(pub instanceof RSAPublicKey rsaPub) || !rsa.getModulus().equals(rsaPub.getModulus())) {
                return false;
            }
            return !(rsa instanceof RSAPrivateCrtKey crt)
                    || crt.getPublicExponent().equals(rsaPub.getPublicExponent());
        }
        if (key instanceof ECPrivateKey ec) {
            if (!(pub instanceof ECPublicKey ecPub)
                    || !ec.getParams().getCurve().equals(ecPub.getParams().getCurve())) {
                return false;
            }
            ECCurve curve = EC5Util.convertCurve(ec.getParams().getCurve());
            org.bouncycastle.math.ec.ECPoint g =
                    EC5Util.convertPoint(curve, ec.getParams().getGenerator());
            org.bouncycastle.math.ec.ECPoint q =
                    new FixedPointCombMultiplier().multiply(g, ec.getS()).normalize();
            ECPoint w = ecPub.getW();
            return q.getAffineXCoord().toBigInteger().equals(w.getAffineX())
                    && q.getAffineYCoord().toBigInteger().equals(w.getAffineY());
        }
        if (isEd25519(key)) {
            byte[] seed = ed25519Seed(key);
            if (seed == null || !isEd25519(pub)) {
                return false;
            }
            byte[] derived =
                    new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
            byte[] actual = SubjectPublicKeyInfo.getInstance(pub.getEncoded())
                    .getPublicKeyData()
                    .getBytes();
            return Arrays.equals(derived, actual);
        }
        return false;
    }

    private static boolean isEd25519(java.security.Key key) {
        return key.getAlgorithm().equals("Ed25519") || ED25519_OID.equals(algorithmOid(key));
    }

    private static String algorithmOid(java.security.Key key) {
        try {
            if (key instanceof PrivateKey) {
                return PrivateKeyInfo.getInstance(key.getEncoded())
                        .getPrivateKeyAlgorithm()
                        .getAlgorithm()
                        .getId();
            }
            return SubjectPublicKeyInfo.getInstance(key.getEncoded())
                    .getAlgorithm()
                    .getAlgorithm()
                    .getId();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static byte[] ed25519Seed(PrivateKey key) {
        try {
            byte[] octets = org.bouncycastle.asn1.ASN1OctetString.getInstance(
                            PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey())
                    .getOctets();
            return octets.length == Ed25519PrivateKeyParameters.KEY_SIZE ? octets : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
