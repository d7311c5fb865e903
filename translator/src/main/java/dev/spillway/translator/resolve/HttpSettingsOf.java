package dev.spillway.translator.resolve;

import dev.spillway.api.model.HttpOptions;
import dev.spillway.translator.model.HttpSettings;

/** A Gateway's {@code httpGateway.options} as the listener's connection manager settings. */
final class HttpSettingsOf {
    private HttpSettingsOf() {}

    static HttpSettings of(HttpOptions options) {
        HttpOptions.ConnectionManager c = options.connectionManager();
        return new HttpSettings(
                c.skipXffAppend(),
                c.via(),
                c.xffNumTrustedHops(),
                c.useRemoteAddress(),
                c.generateRequestId(),
                c.proxy100Continue(),
                c.streamIdleTimeout(),
                c.idleTimeout(),
                c.maxRequestHeadersKb(),
                c.requestTimeout(),
                c.requestHeadersTimeout(),
                c.drainTimeout(),
                c.delayedCloseTimeout(),
                c.serverName(),
                c.maxConnectionDuration(),
                c.maxStreamDuration(),
                c.maxHeadersCount(),
                c.maxRequestsPerConnection(),
                c.mergeSlashes(),
                c.normalizePath(),
                c.websocket(),
                !options.grpcWebDisabled());
    }
}
