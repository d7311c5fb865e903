package dev.spillway.translator.xds;

import com.google.protobuf.Message;
import dev.spillway.translator.model.HttpsChain;
import dev.spillway.translator.model.TcpListener.SniChain;
import dev.spillway.translator.model.TlsSettings;
import dev.spillway.translator.model.UpstreamCluster.UpstreamTls;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext.CombinedCertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.List;

/**
 * TLS contexts. Spillway's own Secrets always come over SDS on the ADS stream and are never inlined; files
 * and external SDS servers are referenced as Gloo's {@code ResolveCommonSslConfig} references them.
 */
final class TlsContexts {
    static final String TLS_TRANSPORT_SOCKET = "envoy.transport_sockets.tls";
    /** Offered when a tcpHost names no ALPN, as Gloo's failover gateway does. */
    static final List<String> DEFAULT_ALPN = List.of("h2", "http/1.1");

    private TlsContexts() {}

    static UpstreamTlsContext upstream(UpstreamTls tls) {
        TlsSettings options = tls.options();
        UpstreamTlsContext.Builder b = UpstreamTlsContext.newBuilder()
                .setCommonTlsContext(common(
                        tls.certificateSecret(),
                        tls.validationSecret(),
                        options,
                        options == null ? List.of() : options.alpn()));
        if (tls.sni() != null && !tls.sni().isEmpty()) {
            b.setSni(tls.sni());
        }
        return b.build();
    }

    static DownstreamTlsContext downstream(SniChain chain) {
        List<String> alpn = chain.alpn().isEmpty() ? DEFAULT_ALPN : chain.alpn();
        return DownstreamTlsContext.newBuilder()
                .setCommonTlsContext(common(chain.certificateSecret(), chain.validationSecret(), null, alpn))
                .setRequireClientCertificate(Protos.bool(chain.requireClientCertificate()))
                .build();
    }

    static DownstreamTlsContext downstream(HttpsChain chain) {
        TlsSettings options = chain.options();
        List<String> alpn = options == null || options.alpn().isEmpty() ? DEFAULT_ALPN : options.alpn();
        return DownstreamTlsContext.newBuilder()
                .setCommonTlsContext(common(chain.certificateSecret(), chain.validationSecret(), options, alpn))
                .setRequireClientCertificate(Protos.bool(chain.requireClientCertificate()))
                .build();
    }

    /** A transport socket named for the TLS extension, with its context as typed config. */
    static TransportSocket transportSocket(Message context) {
        return TransportSocket.newBuilder()
                .setName(TLS_TRANSPORT_SOCKET)
                .setTypedConfig(Protos.any(context))
                .build();
    }

    static SdsSecretConfig sds(String name) {
        return SdsSecretConfig.newBuilder()
                .setName(name)
                .setSdsConfig(Protos.ads())
                .build();
    }

    private static CommonTlsContext common(
            String certificateSecret, String validationSecret, TlsSettings options, List<String> alpn) {
        CommonTlsContext.Builder b = CommonTlsContext.newBuilder().addAllAlpnProtocols(alpn);
        SdsSecretConfig validationSds = validationSecret == null ? null : sds(validationSecret);
        if (certificateSecret != null) {
            b.addTlsCertificateSdsSecretConfigs(sds(certificateSecret));
        }
        TlsSettings.Files files = options == null ? null : options.files();
        if (files != null && !files.certChain().isEmpty()) {
            b.addTlsCertificates(TlsCertificate.newBuilder()
                    .setCertificateChain(DataSources.file(files.certChain()))
                    .setPrivateKey(DataSources.file(files.privateKey())));
        }
        TlsSettings.ExternalSds external = options == null ? null : options.sds();
        if (external != null) {
            if (!external.certificateSecret().isEmpty()) {
                b.addTlsCertificateSdsSecretConfigs(ExternalSdsConfigs.of(external.certificateSecret(), external));
            }
            if (!external.validationSecret().isEmpty()) {
                validationSds = ExternalSdsConfigs.of(external.validationSecret(), external);
            }
        }
        List<SubjectAltNameMatcher> sans = options == null ? List.of() : SanMatchers.of(options.subjectAltNames());
        if (validationSds != null) {
            validation(b, validationSds, sans);
        } else if (files != null && !files.trustedCa().isEmpty()) {
            b.setValidationContext(CertificateValidationContext.newBuilder()
                    .setTrustedCa(DataSources.file(files.trustedCa()))
                    .addAllMatchTypedSubjectAltNames(sans));
        }
        if (options != null && options.params() != null) {
            b.setTlsParams(TlsParams.of(options.params()));
        }
        return b.build();
    }

    /**
     * A CA from SDS with SANs to match: the SANs go in a combined validation context, which Envoy merges with
     * the CA when the secret arrives (ContextConfigImpl::getCombinedValidationContextConfig,
     * source/extensions/transport_sockets/tls/context_config_impl.cc), so both hold at once.
     */
    private static void validation(
            CommonTlsContext.Builder b, SdsSecretConfig validationSds, List<SubjectAltNameMatcher> sans) {
        if (sans.isEmpty()) {
            b.setValidationContextSdsSecretConfig(validationSds);
            return;
        }
        b.setCombinedValidationContext(CombinedCertificateValidationContext.newBuilder()
                .setDefaultValidationContext(
                        CertificateValidationContext.newBuilder().addAllMatchTypedSubjectAltNames(sans))
                .setValidationContextSdsSecretConfig(validationSds));
    }
}
