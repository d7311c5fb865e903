package dev.spillway.translator.resolve;

import dev.spillway.api.model.SslOptions;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.model.Upstream;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.TlsSettings;
import dev.spillway.translator.model.UpstreamCluster.UpstreamTls;
import java.util.List;

/**
 * An Upstream's {@code sslConfig} as the TLS Envoy originates, the way Gloo's {@code ResolveUpstreamSslConfig}
 * (projects/gloo/pkg/utils/ssl.go) resolves it: a Secret (served over Spillway's SDS), files on the proxy,
 * or an external SDS server; SANs, parameters and ALPN on top.
 */
final class UpstreamTlsResolver {
    private UpstreamTlsResolver() {}

    /** Rejects the Upstream when its sslConfig cannot be honoured with the cluster's Secrets. */
    static void check(Upstream upstream, ClusterResources cluster, StatusBook book) {
        check(upstream, upstream.ssl(), "spec.sslConfig", cluster, book);
    }

    /** Rejects the Upstream when one of its TLS settings (at {@code field}) names a Secret it cannot use. */
    static void check(
            Upstream upstream, Upstream.UpstreamSsl ssl, String field, ClusterResources cluster, StatusBook book) {
        if (ssl == null || ssl.secretRef() == null) {
            return;
        }
        TlsSecret secret = cluster.secrets.get(ssl.secretRef());
        if (secret == null) {
            book.error(upstream.key(), field + ".secretRef", cluster.secretAbsence(ssl.secretRef()));
        } else if (!ssl.verifySubjectAltName().isEmpty() && !secret.hasRootCa()) {
            book.error(
                    upstream.key(),
                    field + ".verifySubjectAltName",
                    "needs a ca.crt in Secret " + ssl.secretRef()
                            + ": a SAN is only checked on a certificate verified against a CA");
        }
    }

    /** The TLS to originate, or null for plaintext; adds the Secrets it uses to {@code secrets}. */
    static UpstreamTls of(Upstream upstream, ClusterResources cluster, List<SdsSecret> secrets) {
        Upstream.UpstreamSsl ssl = upstream.ssl();
        if (ssl == null) {
            boolean useTls = upstream.statics() != null && upstream.statics().useTls();
            return useTls ? new UpstreamTls("", null, null) : null;
        }
        return of(ssl, cluster, secrets);
    }

    /** One TLS setting as the TLS to originate; adds the Secrets it uses to {@code secrets}. */
    static UpstreamTls of(Upstream.UpstreamSsl ssl, ClusterResources cluster, List<SdsSecret> secrets) {
        TlsSettings options = options(ssl);
        if (ssl.secretRef() == null) {
            return new UpstreamTls(ssl.sni(), null, null, options);
        }
        TlsSecret secret = cluster.secrets.get(ssl.secretRef());
        String certificate = SdsSecrets.certificate(secret, secrets);
        return new UpstreamTls(ssl.sni(), certificate, SdsSecrets.validation(secret, secrets), options);
    }

    /** Null when the sslConfig sets nothing beyond a secretRef and an SNI. */
    private static TlsSettings options(Upstream.UpstreamSsl ssl) {
        TlsSettings.Files files = ssl.files() == null
                ? null
                : new TlsSettings.Files(
                        ssl.files().tlsCert(), ssl.files().tlsKey(), ssl.files().rootCa());
        TlsSettings.ExternalSds sds = ssl.sds() == null
                ? null
                : new TlsSettings.ExternalSds(
                        ssl.sds().targetUri(),
                        ssl.sds().clusterName(),
                        ssl.sds().certificatesSecretName(),
                        ssl.sds().validationContextName());
        TlsSettings.Params params = params(ssl.parameters());
        if (files == null
                && sds == null
                && params == null
                && ssl.verifySubjectAltName().isEmpty()
                && ssl.alpnProtocols().isEmpty()) {
            return null;
        }
        return new TlsSettings(files, sds, ssl.verifySubjectAltName(), params, ssl.alpnProtocols());
    }

    /** Gloo's {@code ResolveSslParamsConfig}; the version names are Envoy's. */
    static TlsSettings.Params params(SslOptions.Parameters p) {
        if (p == null) {
            return null;
        }
        return new TlsSettings.Params(
                versionName(p.minimumProtocolVersion()),
                versionName(p.maximumProtocolVersion()),
                p.cipherSuites(),
                p.ecdhCurves());
    }

    private static String versionName(SslOptions.ProtocolVersion v) {
        return v == null ? null : v.name();
    }
}
