package dev.spillway.translator.tls;

import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.status.Problem;
import java.time.Instant;
import java.util.Collection;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Warning on each Secret whose certificate is outside its validity at a given moment. Not a rejection:
 * Envoy loads such a certificate and serves it (TlsContext::loadCertificateChain,
 * source/common/tls/context_impl.cc, never looks at the dates; ContextImpl::daysUntilFirstCertExpires only
 * feeds the {@code days_until_first_cert_expiring} stat, 0 once expired). The peer refuses it in the
 * handshake (DefaultCertValidator::doVerifyCertChain, source/common/tls/cert_validator/default_validator.cc:
 * X509_verify_cert's "certificate has expired"), and rejecting the Secret would take down even the
 * listeners whose clients do not verify it. Kept out of the translation, which is pure: callers pass the
 * moment, as for readiness.
 */
public final class SecretExpiry {
    private SecretExpiry() {}

    /** One Warning per Secret that loads but whose first certificate is not valid at {@code now}. */
    public static SortedMap<ResourceKey, Problem> warnings(Collection<Resource> resources, Instant now) {
        SortedMap<ResourceKey, Problem> out = new TreeMap<>();
        for (Resource r : resources) {
            if (!(r instanceof TlsSecret secret)) {
                continue;
            }
            SecretMaterial.Verdict verdict = SecretMaterial.check(secret);
            if (!verdict.loads()) {
                continue;
            }
            if (!now.isBefore(verdict.notAfter())) {
                out.put(
                        secret.key(),
                        Problem.warning(
                                secret.key(),
                                SecretMaterial.CERT_FIELD,
                                "the certificate expired " + verdict.notAfter()
                                        + ": Envoy still serves it, and peers that verify it refuse the handshake;"
                                        + " renew the Secret"));
            } else if (now.isBefore(verdict.notBefore())) {
                out.put(
                        secret.key(),
                        Problem.warning(
                                secret.key(),
                                SecretMaterial.CERT_FIELD,
                                "the certificate is valid only from " + verdict.notBefore()
                                        + ": until then peers that verify it refuse the handshake"));
            }
        }
        return out;
    }
}
