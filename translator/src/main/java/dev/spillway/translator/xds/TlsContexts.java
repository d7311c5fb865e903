package dev.spillway.translator.xds;

import com.google.protobuf.Message;
import dev.spillway.translator.model.TcpListener.SniChain;
import dev.spillway.translator.model.UpstreamCluster.UpstreamTls;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.List;

/** TLS contexts whose certificates, keys and CAs all come from SDS over ADS; none is ever inlined. */
final class TlsContexts {
    static final String TLS_TRANSPORT_SOCKET = "envoy.transport_sockets.tls";
    /** Offered when a tcpHost names no ALPN, as Gloo's failover gateway does. */
    static final List<String> DEFAULT_ALPN = List.of("h2", "http/1.1");

    private TlsContexts() {
    }

    static UpstreamTlsContext upstream(UpstreamTls tls) {
        UpstreamTlsContext.Builder b = UpstreamTlsContext.newBuilder()
                .setCommonTlsContext(common(tls.certificateSecret(), tls.validationSecret(), List.of()));
        if (tls.sni() != null && !tls.sni().isEmpty()) {
            b.setSni(tls.sni());
        }
        return b.build();
    }

    static DownstreamTlsContext downstream(SniChain chain) {
        List<String> alpn = chain.alpn().isEmpty() ? DEFAULT_ALPN : chain.alpn();
        return DownstreamTlsContext.newBuilder()
                .setCommonTlsContext(common(chain.certificateSecret(), chain.validationSecret(), alpn))
                .setRequireClientCertificate(Protos.bool(chain.requireClientCertificate()))
                .build();
    }

    /** A transport socket named for the TLS extension, with its context as typed config. */
    static TransportSocket transportSocket(Message context) {
        return TransportSocket.newBuilder().setName(TLS_TRANSPORT_SOCKET).setTypedConfig(Protos.any(context)).build();
    }

    static SdsSecretConfig sds(String name) {
        return SdsSecretConfig.newBuilder().setName(name).setSdsConfig(Protos.ads()).build();
    }

    private static CommonTlsContext common(String certificateSecret, String validationSecret, List<String> alpn) {
        CommonTlsContext.Builder b = CommonTlsContext.newBuilder().addAllAlpnProtocols(alpn);
        if (certificateSecret != null) {
            b.addTlsCertificateSdsSecretConfigs(sds(certificateSecret));
        }
        if (validationSecret != null) {
            b.setValidationContextSdsSecretConfig(sds(validationSecret));
        }
        return b.build();
    }
}
