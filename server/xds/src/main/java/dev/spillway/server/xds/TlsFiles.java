package dev.spillway.server.xds;

import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.CertificateUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PEM files behind the xDS port's key and trust managers, re-read when their bytes change. grpc-java's
 * own file refresh polls once a minute at most and needs both files' times to change; this check runs at any
 * period, accepts a certificate only with its own key, and keeps the previous files when the new ones are
 * bad (a half-written rotation), saying so once per change. Never logs file contents.
 */
final class TlsFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TlsFiles.class);

    private final Path certificate;
    private final Path privateKey;
    private final Path clientCa;
    private final AdvancedTlsX509KeyManager keys;
    private final AdvancedTlsX509TrustManager trust;
    private byte[] loadedIdentity;
    private byte[] loadedCa;
    private byte[] rejected;

    TlsFiles(
            Path certificate,
            Path privateKey,
            Path clientCa,
            AdvancedTlsX509KeyManager keys,
            AdvancedTlsX509TrustManager trust) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.clientCa = clientCa;
        this.keys = keys;
        this.trust = trust;
    }

    /** Loads the files; throws when they cannot be used. */
    synchronized void loadNow() throws IOException, GeneralSecurityException {
        byte[] cert = Files.readAllBytes(certificate);
        byte[] key = Files.readAllBytes(privateKey);
        byte[] identity = concat(cert, key);
        if (!Arrays.equals(identity, loadedIdentity)) {
            X509Certificate[] chain = CertificateUtils.getX509Certificates(new ByteArrayInputStream(cert));
            PrivateKey pk;
            try {
                pk = CertificateUtils.getPrivateKey(new ByteArrayInputStream(key));
            } catch (RuntimeException | IOException | GeneralSecurityException e) {
                // The parser's message may quote the file; name the file only.
                throw new GeneralSecurityException(privateKey + " is not a PEM PKCS#8 private key");
            }
            if (chain.length == 0) {
                throw new GeneralSecurityException(certificate + " holds no PEM certificate");
            }
            requireMatch(chain[0], pk);
            keys.updateIdentityCredentials(chain, pk);
            loadedIdentity = identity;
            LOG.info(
                    "xDS TLS: serving certificate {} (serial {}, valid until {}) for new connections",
                    chain[0].getSubjectX500Principal(),
                    chain[0].getSerialNumber().toString(16),
                    chain[0].getNotAfter());
        }
        if (clientCa != null) {
            byte[] ca = Files.readAllBytes(clientCa);
            if (!Arrays.equals(ca, loadedCa)) {
                X509Certificate[] roots = CertificateUtils.getX509Certificates(new ByteArrayInputStream(ca));
                if (roots.length == 0) {
                    throw new GeneralSecurityException(clientCa + " holds no PEM certificate");
                }
                trust.updateTrustCredentials(roots);
                loadedCa = ca;
                LOG.info(
                        "xDS TLS: client certificates verified against {} CA certificate(s) of {}",
                        roots.length,
                        clientCa);
            }
        }
    }

    /** Re-reads changed files; on failure keeps what is loaded. */
    void check() {
        try {
            loadNow();
            rejected = null;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            byte[] seen = snapshot();
            if (!Arrays.equals(seen, rejected)) {
                rejected = seen;
                LOG.warn(
                        "xDS TLS: keeping the previous certificates, the changed files cannot be used: {}",
                        e.getMessage());
            }
        }
    }

    private byte[] snapshot() {
        try {
            byte[] ids = concat(Files.readAllBytes(certificate), Files.readAllBytes(privateKey));
            return clientCa == null ? ids : concat(ids, Files.readAllBytes(clientCa));
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** A certificate is served only with its own key: a signature by the key must verify with the certificate. */
    private void requireMatch(X509Certificate cert, PrivateKey key) throws GeneralSecurityException {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        byte[] probe = "spillway-xds-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException(privateKey + " is not the key of the certificate in " + certificate);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length + 1);
        System.arraycopy(b, 0, out, a.length + 1, b.length);
        return out;
    }
}
