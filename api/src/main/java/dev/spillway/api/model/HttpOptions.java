package dev.spillway.api.model;

import java.time.Duration;

/**
 * {@code httpGateway.options}: what Spillway honours of Gloo's HttpListenerOptions.
 *
 * @param connectionManager {@code httpConnectionManagerSettings}
 * @param grpcWebDisabled   {@code grpcWeb.disable}: no grpc-web filter (Gloo adds one by default)
 */
public record HttpOptions(ConnectionManager connectionManager, boolean grpcWebDisabled) {

    /** A Gateway without options: Gloo's defaults. */
    public static final HttpOptions DEFAULT = new HttpOptions(ConnectionManager.DEFAULT, false);

    public HttpOptions {
        connectionManager = connectionManager == null ? ConnectionManager.DEFAULT : connectionManager;
    }

    /**
     * {@code httpConnectionManagerSettings} (Gloo's hcm.HttpConnectionManagerSettings); null fields are not
     * set, and Envoy's defaults apply.
     *
     * @param skipXffAppend            do not append the peer to x-forwarded-for
     * @param via                      the Via header value added, or null
     * @param xffNumTrustedHops        trusted x-forwarded-for hops
     * @param useRemoteAddress         the peer address is the client's (else x-forwarded-for decides)
     * @param generateRequestId        generate x-request-id
     * @param proxy100Continue         forward 100-continue upstream
     * @param streamIdleTimeout        stream idle timeout
     * @param idleTimeout              connection idle timeout
     * @param maxRequestHeadersKb      largest request headers, 1..8192 KiB
     * @param requestTimeout           whole-request timeout
     * @param requestHeadersTimeout    timeout to receive the request headers
     * @param drainTimeout             HTTP/2 graceful drain time
     * @param delayedCloseTimeout      delayed close timeout
     * @param serverName               the Server header value, or null
     * @param maxConnectionDuration    longest connection
     * @param maxStreamDuration        longest stream
     * @param maxHeadersCount          most request headers
     * @param maxRequestsPerConnection most requests on one connection
     * @param mergeSlashes             merge adjacent slashes in paths
     * @param normalizePath            normalize paths (RFC 3986); Gloo's default true
     * @param websocket                websocket upgrades; Gloo enables them unless {@code upgrades} says not
     */
    public record ConnectionManager(
            Boolean skipXffAppend,
            String via,
            Integer xffNumTrustedHops,
            Boolean useRemoteAddress,
            Boolean generateRequestId,
            Boolean proxy100Continue,
            Duration streamIdleTimeout,
            Duration idleTimeout,
            Integer maxRequestHeadersKb,
            Duration requestTimeout,
            Duration requestHeadersTimeout,
            Duration drainTimeout,
            Duration delayedCloseTimeout,
            String serverName,
            Duration maxConnectionDuration,
            Duration maxStreamDuration,
            Integer maxHeadersCount,
            Integer maxRequestsPerConnection,
            Boolean mergeSlashes,
            boolean normalizePath,
            boolean websocket) {

        /** Gloo's defaults: paths normalized, websocket upgrades on. */
        public static final ConnectionManager DEFAULT = new ConnectionManager(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, true, true);
    }
}
