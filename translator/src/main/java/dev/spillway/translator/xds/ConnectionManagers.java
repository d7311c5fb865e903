package dev.spillway.translator.xds;

import dev.spillway.translator.model.HttpSettings;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.extensions.filters.http.grpc_web.v3.GrpcWeb;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.CodecType;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import java.util.Set;

/**
 * A gateway listener's HTTP connection manager, as Gloo builds it: its hcm plugin's settings
 * (projects/gloo/pkg/plugins/hcm/plugin.go ProcessHcmNetworkFilter), websocket upgrades on unless turned
 * off, and the grpc-web filter (projects/gloo/pkg/plugins/grpcweb/plugin.go) before the router, which Envoy
 * requires last (Config::Utility::validateTerminalFilters, source/common/config/utility.cc).
 */
final class ConnectionManagers {
    static final String GRPC_WEB = "envoy.filters.http.grpc_web";
    static final String WEBSOCKET = "websocket";

    private ConnectionManagers() {}

    /** @param routeFilters the per-route filters its routes configure, run ahead of grpc-web and the router */
    static HttpConnectionManager of(String routeConfigName, HttpSettings s, Set<RouteFilter> routeFilters) {
        HttpConnectionManager.Builder b = HttpConnectionManager.newBuilder()
                .setStatPrefix("http")
                .setCodecType(CodecType.AUTO)
                .setNormalizePath(Protos.bool(s.normalizePath()))
                .setRds(Rds.newBuilder().setConfigSource(Protos.ads()).setRouteConfigName(routeConfigName));
        routeFilters.forEach(f -> b.addHttpFilters(
                HttpFilter.newBuilder().setName(f.filterName).setTypedConfig(Protos.any(f.listenerConfig))));
        if (s.grpcWeb()) {
            b.addHttpFilters(
                    HttpFilter.newBuilder().setName(GRPC_WEB).setTypedConfig(Protos.any(GrpcWeb.getDefaultInstance())));
        }
        b.addHttpFilters(HttpFilter.newBuilder()
                .setName(Listeners.ROUTER)
                .setTypedConfig(Protos.any(Router.getDefaultInstance())));
        // Gloo appends a bare websocket upgrade when none is configured; an explicit one that is disabled is kept.
        HttpConnectionManager.UpgradeConfig.Builder websocket =
                HttpConnectionManager.UpgradeConfig.newBuilder().setUpgradeType(WEBSOCKET);
        if (!s.websocket()) {
            websocket.setEnabled(Protos.bool(false));
        }
        b.addUpgradeConfigs(websocket);
        settings(s, b);
        return b.build();
    }

    private static void settings(HttpSettings s, HttpConnectionManager.Builder b) {
        if (s.skipXffAppend() != null) b.setSkipXffAppend(s.skipXffAppend());
        if (s.via() != null) b.setVia(s.via());
        if (s.xffNumTrustedHops() != null) b.setXffNumTrustedHops(s.xffNumTrustedHops());
        if (s.useRemoteAddress() != null) b.setUseRemoteAddress(Protos.bool(s.useRemoteAddress()));
        if (s.generateRequestId() != null) b.setGenerateRequestId(Protos.bool(s.generateRequestId()));
        if (s.proxy100Continue() != null) b.setProxy100Continue(s.proxy100Continue());
        if (s.streamIdleTimeout() != null) b.setStreamIdleTimeout(Protos.duration(s.streamIdleTimeout()));
        if (s.maxRequestHeadersKb() != null) b.setMaxRequestHeadersKb(Protos.uint32(s.maxRequestHeadersKb()));
        if (s.requestTimeout() != null) b.setRequestTimeout(Protos.duration(s.requestTimeout()));
        if (s.requestHeadersTimeout() != null) {
            b.setRequestHeadersTimeout(Protos.duration(s.requestHeadersTimeout()));
        }
        if (s.drainTimeout() != null) b.setDrainTimeout(Protos.duration(s.drainTimeout()));
        if (s.delayedCloseTimeout() != null) b.setDelayedCloseTimeout(Protos.duration(s.delayedCloseTimeout()));
        if (s.serverName() != null) b.setServerName(s.serverName());
        if (s.mergeSlashes() != null) b.setMergeSlashes(s.mergeSlashes());
        // Gloo puts these on common_http_protocol_options, created only when one is set.
        HttpProtocolOptions.Builder common = HttpProtocolOptions.newBuilder();
        if (s.idleTimeout() != null) common.setIdleTimeout(Protos.duration(s.idleTimeout()));
        if (s.maxConnectionDuration() != null) {
            common.setMaxConnectionDuration(Protos.duration(s.maxConnectionDuration()));
        }
        if (s.maxStreamDuration() != null) common.setMaxStreamDuration(Protos.duration(s.maxStreamDuration()));
        if (s.maxHeadersCount() != null) common.setMaxHeadersCount(Protos.uint32(s.maxHeadersCount()));
        if (s.maxRequestsPerConnection() != null) {
            common.setMaxRequestsPerConnection(Protos.uint32(s.maxRequestsPerConnection()));
        }
        if (!common.build().equals(HttpProtocolOptions.getDefaultInstance())) {
            b.setCommonHttpProtocolOptions(common);
        }
    }
}
