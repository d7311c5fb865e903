package dev.spillway.translator.resolve;

import dev.spillway.api.model.TlsSecret;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.TlsSettings;
import dev.spillway.translator.model.UpstreamCluster.UpstreamTls;
import java.util.List;

/**
 * The mTLS a primary's proxy originates to a failover gateway: SNI names the target's Envoy cluster there,
 * the client certificate is the primary cluster's {@code failover-upstream} Secret. When that Secret has a
 * {@code ca.crt}, the gateway must also present a certificate whose DNS SAN is that same SNI name: the CA
 * alone would accept any certificate it signed, such as another cluster's gateway or a client's.
 * This is the rule of an HTTPS client (the name asked for is the name verified), the check Envoy itself
 * makes with {@code auto_sni_san_validation} for names it derives; the SAN is compared with DNS rules
 * (StringSanMatcher::match, source/extensions/transport_sockets/tls/cert_validator/san_matcher.cc).
 */
final class FailoverTls {
    private FailoverTls() {}

    static UpstreamTls of(TlsSecret clientSecret, String sni, List<SdsSecret> secrets) {
        String certificate = SdsSecrets.certificate(clientSecret, secrets);
        String validation = SdsSecrets.validation(clientSecret, secrets);
        TlsSettings options = validation == null ? null : TlsSettings.verifying(List.of(sni));
        return new UpstreamTls(sni, certificate, validation, options);
    }
}
