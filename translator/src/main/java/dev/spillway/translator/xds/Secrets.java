package dev.spillway.translator.xds;

import dev.spillway.translator.model.SdsSecret;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;

/** SDS secrets: a certificate with its key, or a CA bundle to validate peers with. */
final class Secrets {
    private Secrets() {}

    static Secret of(SdsSecret secret) {
        Secret.Builder b = Secret.newBuilder().setName(secret.name());
        if (secret.isValidationContext()) {
            b.setValidationContext(CertificateValidationContext.newBuilder().setTrustedCa(inline(secret.trustedCa())));
        } else {
            b.setTlsCertificate(TlsCertificate.newBuilder()
                    .setCertificateChain(inline(secret.certChain()))
                    .setPrivateKey(inline(secret.privateKey())));
        }
        return b.build();
    }

    static DataSource inline(String text) {
        return DataSource.newBuilder().setInlineString(text).build();
    }
}
