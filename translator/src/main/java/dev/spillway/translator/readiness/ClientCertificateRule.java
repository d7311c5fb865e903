package dev.spillway.translator.readiness;

import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.status.Condition;
import dev.spillway.translator.tls.Pem;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * The client certificate a primary's proxies present to failover gateways: there, valid now, and not
 * about to expire. Envoy loads an expired certificate without complaint; the failover gateway refuses it
 * when it verifies the chain (DefaultCertValidator::doVerifyCertChain,
 * source/common/tls/cert_validator/default_validator.cc, X509_verify_cert's "certificate has expired"), so
 * nothing shows until traffic moves.
 */
final class ClientCertificateRule {
    static final String TYPE = "ClientCertificateValid";
    /** How far ahead an expiry is a Warning. */
    static final Duration WARN_BEFORE_EXPIRY = Duration.ofDays(7);

    private ClientCertificateRule() {}

    static Condition check(TlsSecret secret, String secretName, Instant now) {
        if (secret == null) {
            return Condition.failed(TYPE, "Missing", "no Secret " + secretName);
        }
        X509Certificate leaf;
        try {
            leaf = Pem.certificates(secret.certChain()).get(0);
        } catch (Pem.Unreadable e) {
            return Condition.failed(TYPE, "Unreadable", "tls.crt of Secret " + secretName + " " + e.getMessage());
        }
        CertificateIdentity id = CertificateIdentity.of(leaf);
        if (now.isBefore(id.notBefore())) {
            return Condition.failed(TYPE, "NotYetValid", id.display() + " is valid only from " + id.notBefore());
        }
        if (!now.isBefore(id.notAfter())) {
            return Condition.failed(
                    TYPE,
                    "Expired",
                    id.display() + " expired " + id.notAfter()
                            + ": failover gateways refuse it, so failover would fail");
        }
        if (now.plus(WARN_BEFORE_EXPIRY).isAfter(id.notAfter())) {
            long hours = Duration.between(now, id.notAfter()).toHours();
            return Condition.warning(
                    TYPE,
                    true,
                    "ExpiresSoon",
                    id.display() + " expires " + id.notAfter() + " (in " + (hours / 24) + "d " + (hours % 24)
                            + "h): renew Secret " + secretName);
        }
        return Condition.met(TYPE, "Valid", id.display() + ", valid until " + id.notAfter());
    }
}
