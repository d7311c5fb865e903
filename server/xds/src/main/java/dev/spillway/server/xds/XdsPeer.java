package dev.spillway.server.xds;

import io.grpc.Context;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Who is at the other end of an ADS stream, as the transport tells it.
 *
 * @param tls  true when the connection is TLS
 * @param uris the URI SANs of the verified client certificate (none without one)
 */
public record XdsPeer(boolean tls, List<String> uris) {
    /** A connection without TLS (or an in-process one). */
    public static final XdsPeer PLAINTEXT = new XdsPeer(false, List.of());

    /** Where {@link XdsPeerInterceptor} puts the peer of the current call. */
    static final Context.Key<XdsPeer> KEY = Context.keyWithDefault("spillway-xds-peer", PLAINTEXT);

    public XdsPeer {
        uris = List.copyOf(uris);
    }

    /** The peer of the call running on this thread. */
    static XdsPeer current() {
        return KEY.get();
    }

    /** The peer that presented {@code chain} (null or empty: no client certificate) over TLS. */
    static XdsPeer ofTls(X509Certificate leaf) {
        if (leaf == null) {
            return new XdsPeer(true, List.of());
        }
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    // RFC 5280 GeneralName tag 6: uniformResourceIdentifier.
                    if (san.size() == 2 && Integer.valueOf(6).equals(san.get(0))) {
                        uris.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return new XdsPeer(true, List.of());
        }
        return new XdsPeer(true, uris);
    }

    /** How a log line or a refusal names the peer. */
    public String describe() {
        if (!tls) {
            return "a plaintext connection";
        }
        return uris.isEmpty()
                ? "a TLS connection without a client certificate identity"
                : "certificate identity " + String.join(", ", uris);
    }
}
