package dev.spillway.translator.readiness;

import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.status.Condition;
import dev.spillway.translator.tls.Pem;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Whether the primary's proxies verify the failover gateway they connect to: with a {@code ca.crt} in the
 * client Secret they do, and the gateway's certificate must also name the SNI (FailoverTls); without one
 * they do not, as Gloo Federation never does. Not verifying is a fact to show, not a fault.
 */
final class GatewayVerificationRule {
    static final String TYPE = "GatewayVerified";

    private GatewayVerificationRule() {}

    static Condition check(TlsSecret secret, String secretName, String sni) {
        if (secret == null) {
            return Condition.failed(TYPE, "Missing", "no Secret " + secretName);
        }
        if (!secret.hasRootCa()) {
            return Condition.note(
                    TYPE,
                    false,
                    "NoCa",
                    "Secret " + secretName + " has no ca.crt: the gateway's certificate is not verified "
                            + "(add ca.crt to verify it)");
        }
        List<X509Certificate> cas;
        try {
            cas = Pem.certificates(secret.rootCa());
        } catch (Pem.Unreadable e) {
            return Condition.failed(TYPE, "CaUnreadable", "ca.crt of Secret " + secretName + " " + e.getMessage());
        }
        return Condition.met(
                TYPE,
                "CaPresent",
                "the gateway's certificate must chain to ca.crt of Secret " + secretName + " ("
                        + cas.stream()
                                .map(c -> c.getSubjectX500Principal().getName())
                                .toList()
                        + ") and carry DNS SAN " + sni);
    }
}
