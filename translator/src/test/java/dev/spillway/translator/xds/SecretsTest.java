package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Fixtures.certificate;
import static dev.spillway.translator.xds.Fixtures.rootCa;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void certificateSecretHoldsChainAndKeyInline() {
        Secret secret = Secrets.of(certificate("gloo-system_failover-upstream"));

        assertThat(secret.getName()).isEqualTo("gloo-system_failover-upstream");
        assertThat(secret.getTlsCertificate().getCertificateChain().getInlineString())
                .contains("BEGIN CERTIFICATE");
        assertThat(secret.getTlsCertificate().getPrivateKey().getInlineString()).contains("SECRET-KEY-BYTES");
        assertThat(secret.hasValidationContext()).isFalse();
    }

    @Test
    void caSecretIsAValidationContext() {
        Secret secret = Secrets.of(rootCa("gloo-system_failover-downstream-cacert"));

        assertThat(secret.getName()).isEqualTo("gloo-system_failover-downstream-cacert");
        assertThat(secret.getValidationContext().getTrustedCa().getInlineString())
                .contains("MIIC");
        assertThat(secret.hasTlsCertificate()).isFalse();
    }
}
