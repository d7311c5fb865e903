package dev.spillway.translator.readiness;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Who a certificate says it is, and for how long: what an operator compares with the other side's
 * expectations. Holds no key material.
 *
 * @param subject   subject distinguished name ({@code CN=solo.io})
 * @param sans      subject alternative names, {@code DNS:name}, {@code URI:spiffe://...}, {@code IP:addr}
 * @param issuer    issuer distinguished name
 * @param notBefore start of validity
 * @param notAfter  end of validity
 */
public record CertificateIdentity(
        String subject, List<String> sans, String issuer, Instant notBefore, Instant notAfter) {
    public CertificateIdentity {
        sans = List.copyOf(sans);
    }

    public static CertificateIdentity of(X509Certificate cert) {
        return new CertificateIdentity(
                cert.getSubjectX500Principal().getName(),
                sans(cert),
                cert.getIssuerX500Principal().getName(),
                cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant());
    }

    /** {@code CN=solo.io [DNS:a, DNS:b]}, or the subject alone when there are no SANs. */
    public String display() {
        return subject + (sans.isEmpty() ? "" : " " + sans);
    }

    private static List<String> sans(X509Certificate cert) {
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (names == null) {
            return out;
        }
        for (List<?> name : names) {
            // RFC 5280 GeneralName tags, as X509Certificate#getSubjectAlternativeNames numbers them.
            String prefix = switch ((Integer) name.get(0)) {
                case 1 -> "email:";
                case 2 -> "DNS:";
                case 6 -> "URI:";
                case 7 -> "IP:";
                default -> null;
            };
            if (prefix != null && name.get(1) instanceof String value) {
                out.add(prefix + value);
            }
        }
        return out;
    }
}
