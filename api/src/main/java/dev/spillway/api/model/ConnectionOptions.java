package dev.spillway.api.model;

import java.time.Duration;

/**
 * {@code spec.connectionConfig} of an Upstream beyond {@code connectTimeout}; null fields take Envoy's
 * defaults.
 *
 * @param maxRequestsPerConnection      requests per upstream connection, or null for no limit
 * @param tcpKeepalive                  SO_KEEPALIVE settings, or null for none
 * @param perConnectionBufferLimitBytes soft limit of each connection's buffers, or null (Envoy: 1 MiB)
 * @param commonHttp                    HTTP/1 and HTTP/2 options, or null
 * @param http1                         HTTP/1 options, or null
 */
public record ConnectionOptions(
        Integer maxRequestsPerConnection,
        TcpKeepalive tcpKeepalive,
        Integer perConnectionBufferLimitBytes,
        CommonHttp commonHttp,
        Http1 http1) {

    /** No options at all. */
    public static final ConnectionOptions NONE = new ConnectionOptions(null, null, null, null, null);

    /**
     * {@code tcpKeepalive}; Gloo rounds the durations up to whole seconds, as Envoy takes seconds.
     *
     * @param probes   unanswered probes before the connection is dead, or null
     * @param time     idle time before probing, or null
     * @param interval time between probes, or null
     */
    public record TcpKeepalive(Integer probes, Duration time, Duration interval) {}

    /**
     * {@code commonHttpProtocolOptions}.
     *
     * @param idleTimeout                  close a connection idle this long, or null (Envoy: 1h)
     * @param maxHeadersCount              most headers a response may carry, or null (Envoy: 100)
     * @param maxStreamDuration            reset a stream after this long, or null
     * @param headersWithUnderscoresAction ALLOW, REJECT_REQUEST or DROP_HEADER
     */
    public record CommonHttp(
            Duration idleTimeout,
            Integer maxHeadersCount,
            Duration maxStreamDuration,
            String headersWithUnderscoresAction) {}

    /**
     * {@code http1ProtocolOptions}.
     *
     * @param enableTrailers                          proxy HTTP/1 trailers
     * @param headerKeyFormat                         how response header names are cased
     * @param overrideStreamErrorOnInvalidHttpMessage keep the connection open on an invalid message, or null
     */
    public record Http1(
            boolean enableTrailers, HeaderKeyFormat headerKeyFormat, Boolean overrideStreamErrorOnInvalidHttpMessage) {}

    /** Gloo's {@code header_format} one-of. */
    public enum HeaderKeyFormat {
        /** Envoy's default: lower case. */
        DEFAULT,
        /** {@code properCaseHeaderKeyFormat}: Content-Type. */
        PROPER_CASE,
        /** {@code preserveCaseHeaderKeyFormat}: as the upstream sent them. */
        PRESERVE_CASE
    }
}
