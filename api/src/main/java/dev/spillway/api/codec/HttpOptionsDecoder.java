package dev.spillway.api.codec;

import dev.spillway.api.model.HttpOptions;
import java.util.List;

/**
 * {@code httpGateway.options}: {@code httpConnectionManagerSettings} as Gloo's hcm plugin maps it
 * (projects/gloo/pkg/plugins/hcm/plugin.go ProcessHcmNetworkFilter) and {@code grpcWeb.disable}
 * (projects/gloo/pkg/plugins/grpcweb/plugin.go); every other listener option set is a Warning.
 */
final class HttpOptionsDecoder {
    private HttpOptionsDecoder() {}

    static HttpOptions decode(NodeReader options) {
        HttpOptions.ConnectionManager hcm =
                options.object("httpConnectionManagerSettings", HttpOptionsDecoder::connectionManager);
        Boolean grpcWebDisabled = options.object("grpcWeb", g -> g.bool("disable"));
        options.notSupportedRest();
        return new HttpOptions(hcm, Boolean.TRUE.equals(grpcWebDisabled));
    }

    private static HttpOptions.ConnectionManager connectionManager(NodeReader hcm) {
        HttpOptions.ConnectionManager c = new HttpOptions.ConnectionManager(
                optionalBool(hcm, "skipXffAppend"),
                hcm.has("via") ? hcm.string("via") : null,
                hcm.integerAtLeast("xffNumTrustedHops", 0),
                optionalBool(hcm, "useRemoteAddress"),
                optionalBool(hcm, "generateRequestId"),
                optionalBool(hcm, "proxy100Continue"),
                hcm.duration("streamIdleTimeout"),
                hcm.duration("idleTimeout"),
                // Envoy's PGV rule on max_request_headers_kb: greater than 0, at most 8192.
                hcm.integerIn("maxRequestHeadersKb", 1, 8192),
                hcm.duration("requestTimeout"),
                hcm.duration("requestHeadersTimeout"),
                hcm.duration("drainTimeout"),
                hcm.duration("delayedCloseTimeout"),
                hcm.has("serverName") ? hcm.string("serverName") : null,
                hcm.duration("maxConnectionDuration"),
                hcm.duration("maxStreamDuration"),
                // Envoy's PGV rule on max_headers_count: at least 1.
                hcm.integerAtLeast("maxHeadersCount", 1),
                hcm.integerAtLeast("maxRequestsPerConnection", 0),
                optionalBool(hcm, "mergeSlashes"),
                // Gloo: "default to true as per RFC 3986".
                !hcm.has("normalizePath") || hcm.bool("normalizePath"),
                websocket(hcm));
        hcm.notSupportedRest();
        return c;
    }

    /**
     * Gloo enables websocket upgrades unless {@code upgrades} names websocket; then its {@code enabled} decides.
     * Other upgrade types are not supported.
     */
    private static boolean websocket(NodeReader hcm) {
        List<Boolean> websockets = hcm.list("upgrades", u -> {
            Boolean enabled = u.object("websocket", w -> !w.has("enabled") || w.bool("enabled"));
            u.notSupportedRest();
            return enabled;
        });
        // Envoy rejects two upgrade configs of one type ("multiple upgrade configs with the same name",
        // HttpConnectionManagerConfig, source/extensions/filters/network/http_connection_manager/config.cc).
        if (websockets.size() > 1) {
            hcm.error("upgrades", "names websocket more than once: Envoy rejects repeated upgrade types");
        }
        return websockets.isEmpty() || websockets.get(0);
    }

    private static Boolean optionalBool(NodeReader reader, String name) {
        return reader.has(name) ? reader.bool(name) : null;
    }
}
