package dev.spillway.translator.model;

import java.time.Duration;

/**
 * The HTTP connection manager settings of one HTTP listener; null fields are left to Envoy's defaults.
 *
 * @param skipXffAppend            do not append the peer to x-forwarded-for
 * @param via                      Via header value, or null
 * @param xffNumTrustedHops        trusted x-forwarded-for hops
 * @param useRemoteAddress         the peer address is the client's
 * @param generateRequestId        generate x-request-id
 * @param proxy100Continue         forward 100-continue
 * @param streamIdleTimeout        stream idle timeout
 * @param idleTimeout              connection idle timeout
 * @param maxRequestHeadersKb      largest request headers in KiB
 * @param requestTimeout           whole-request timeout
 * @param requestHeadersTimeout    request headers timeout
 * @param drainTimeout             HTTP/2 drain time
 * @param delayedCloseTimeout      delayed close timeout
 * @param serverName               Server header value, or null
 * @param maxConnectionDuration    longest connection
 * @param maxStreamDuration        longest stream
 * @param maxHeadersCount          most request headers
 * @param maxRequestsPerConnection most requests per connection
 * @param mergeSlashes             merge adjacent slashes
 * @param normalizePath            normalize paths
 * @param websocket                websocket upgrades allowed
 * @param grpcWeb                  the grpc-web filter runs before the router
 */
public record HttpSettings(
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
        boolean websocket,
        boolean grpcWeb) {

    /** Gloo's defaults: normalized paths, websocket upgrades, grpc-web. */
    public static final HttpSettings DEFAULT = new HttpSettings(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, true, true, true);
}
