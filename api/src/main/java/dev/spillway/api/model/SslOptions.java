package dev.spillway.api.model;

import java.util.List;

/** The parts of Gloo's {@code sslConfig} that upstreams and virtual services share. */
public final class SslOptions {

    private SslOptions() {}

    /** {@code parameters.minimumProtocolVersion} / {@code maximumProtocolVersion}, Gloo's and Envoy's names. */
    public enum ProtocolVersion {
        TLS_AUTO,
        TLSv1_0,
        TLSv1_1,
        TLSv1_2,
        TLSv1_3
    }

    /**
     * {@code sslConfig.parameters}; null versions leave Envoy's defaults.
     *
     * @param minimumProtocolVersion lowest TLS version, or null
     * @param maximumProtocolVersion highest TLS version, or null
     * @param cipherSuites           cipher suites in BoringSSL's names, empty for Envoy's defaults
     * @param ecdhCurves             ECDH curves, empty for Envoy's defaults
     */
    public record Parameters(
            ProtocolVersion minimumProtocolVersion,
            ProtocolVersion maximumProtocolVersion,
            List<String> cipherSuites,
            List<String> ecdhCurves) {
        public Parameters {
            cipherSuites = List.copyOf(cipherSuites);
            ecdhCurves = List.copyOf(ecdhCurves);
        }
    }

    /**
     * {@code sslConfig.sslFiles}: paths of files on the proxy's own file system; empty when not given.
     *
     * @param tlsCert certificate chain file
     * @param tlsKey  private key file
     * @param rootCa  CA bundle file
     */
    public record Files(String tlsCert, String tlsKey, String rootCa) {}

    /**
     * {@code sslConfig.sds}: secrets Envoy fetches itself from an SDS server that is not Spillway.
     *
     * @param targetUri              gRPC target of the SDS server (Google gRPC), empty when clusterName is used
     * @param clusterName            Envoy cluster (from the bootstrap) that reaches the SDS server, or empty
     * @param certificatesSecretName SDS name of the certificate and key, or empty
     * @param validationContextName  SDS name of the CA bundle, or empty
     */
    public record Sds(
            String targetUri, String clusterName, String certificatesSecretName, String validationContextName) {}
}
