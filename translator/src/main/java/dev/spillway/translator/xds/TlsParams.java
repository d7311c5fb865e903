package dev.spillway.translator.xds;

import dev.spillway.translator.model.TlsSettings;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters.TlsProtocol;

/** Gloo's {@code parameters} as Envoy's TlsParameters; the names are the same on both sides. */
final class TlsParams {
    private TlsParams() {}

    static TlsParameters of(TlsSettings.Params params) {
        TlsParameters.Builder b = TlsParameters.newBuilder()
                .addAllCipherSuites(params.cipherSuites())
                .addAllEcdhCurves(params.ecdhCurves());
        if (params.minimumVersion() != null) {
            b.setTlsMinimumProtocolVersion(TlsProtocol.valueOf(params.minimumVersion()));
        }
        if (params.maximumVersion() != null) {
            b.setTlsMaximumProtocolVersion(TlsProtocol.valueOf(params.maximumVersion()));
        }
        return b.build();
    }
}
