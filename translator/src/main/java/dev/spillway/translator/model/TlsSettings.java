package dev.spillway.translator.model;

import java.util.List;

/**
 * TLS settings beyond an SDS certificate and CA: where else they come from, what the peer must be
 * called, and the handshake parameters. Absent (null) on a TLS context that needs none of them.
 *
 * @param files           certificate, key and CA as files on the proxy, or null
 * @param sds             certificate and CA from an SDS server that is not Spillway, or null
 * @param subjectAltNames SANs the peer certificate must carry one of; empty for any signed by the CA
 * @param params          TLS versions, ciphers and curves, or null for Envoy's defaults
 * @param alpn            ALPN protocols offered; empty for none (upstream) or the default (downstream)
 */
public record TlsSettings(
        Files files, ExternalSds sds, List<String> subjectAltNames, Params params, List<String> alpn) {
    public TlsSettings {
        subjectAltNames = List.copyOf(subjectAltNames);
        alpn = List.copyOf(alpn);
    }

    /** Only a SAN to verify. */
    public static TlsSettings verifying(List<String> subjectAltNames) {
        return new TlsSettings(null, null, subjectAltNames, null, List.of());
    }

    /**
     * Paths on the proxy's file system; empty when not given.
     *
     * @param certChain  certificate chain file
     * @param privateKey private key file
     * @param trustedCa  CA bundle file
     */
    public record Files(String certChain, String privateKey, String trustedCa) {}

    /**
     * An SDS server Envoy reaches itself: by a cluster of its bootstrap, or by a gRPC target URI.
     *
     * @param targetUri         gRPC target (Envoy's Google gRPC client), empty when clusterName is set
     * @param clusterName       bootstrap cluster of the SDS server, empty when targetUri is set
     * @param certificateSecret SDS name of the certificate and key, empty for none
     * @param validationSecret  SDS name of the CA bundle, empty for none
     */
    public record ExternalSds(
            String targetUri, String clusterName, String certificateSecret, String validationSecret) {}

    /**
     * Handshake parameters, in Envoy's names.
     *
     * @param minimumVersion {@code TLSv1_2} etc., or null for Envoy's default
     * @param maximumVersion {@code TLSv1_3} etc., or null for Envoy's default
     * @param cipherSuites   cipher suites, empty for Envoy's defaults
     * @param ecdhCurves     ECDH curves, empty for Envoy's defaults
     */
    public record Params(
            String minimumVersion, String maximumVersion, List<String> cipherSuites, List<String> ecdhCurves) {
        public Params {
            cipherSuites = List.copyOf(cipherSuites);
            ecdhCurves = List.copyOf(ecdhCurves);
        }
    }
}
