package dev.spillway.api.codec;

import dev.spillway.api.model.ConnectionOptions;
import java.time.Duration;
import java.util.Set;

/**
 * {@code spec.connectionConfig} (projects/gloo/api/v1/connection.proto) as Gloo's upstreamconn plugin
 * (projects/gloo/pkg/plugins/upstreamconn/plugin.go) reads it.
 */
final class ConnectionConfigDecoder {
    private static final Set<String> UNDERSCORE_ACTIONS = Set.of("ALLOW", "REJECT_REQUEST", "DROP_HEADER");

    /**
     * The connect timeout and the other options.
     *
     * @param connectTimeout the timeout, or null
     * @param options        the rest, never null
     */
    record Decoded(Duration connectTimeout, ConnectionOptions options) {}

    private ConnectionConfigDecoder() {}

    static Decoded decode(NodeReader config) {
        Duration timeout = config.positiveDuration("connectTimeout");
        Integer maxRequests = config.integerAtLeast("maxRequestsPerConnection", 0);
        ConnectionOptions options = new ConnectionOptions(
                maxRequests == null || maxRequests == 0 ? null : maxRequests,
                config.object("tcpKeepalive", ConnectionConfigDecoder::keepalive),
                config.integerAtLeast("perConnectionBufferLimitBytes", 0),
                config.object("commonHttpProtocolOptions", ConnectionConfigDecoder::commonHttp),
                config.object("http1ProtocolOptions", ConnectionConfigDecoder::http1));
        return new Decoded(timeout, options);
    }

    private static ConnectionOptions.TcpKeepalive keepalive(NodeReader k) {
        Integer probes = k.integerAtLeast("keepaliveProbes", 0);
        return new ConnectionOptions.TcpKeepalive(
                probes == null || probes == 0 ? null : probes,
                k.duration("keepaliveTime"),
                k.duration("keepaliveInterval"));
    }

    /** Gloo leaves a max headers count of 0 unset: Envoy requires at least 1. */
    private static ConnectionOptions.CommonHttp commonHttp(NodeReader h) {
        Duration idle = h.duration("idleTimeout");
        Integer maxHeaders = h.integerAtLeast("maxHeadersCount", 0);
        Duration maxStream = h.duration("maxStreamDuration");
        String action = h.string("headersWithUnderscoresAction", "ALLOW");
        if (!UNDERSCORE_ACTIONS.contains(action)) {
            h.error("headersWithUnderscoresAction", "must be one of ALLOW, REJECT_REQUEST, DROP_HEADER");
            action = "ALLOW";
        }
        return new ConnectionOptions.CommonHttp(
                idle, maxHeaders == null || maxHeaders == 0 ? null : maxHeaders, maxStream, action);
    }

    /** The two header formats are a one-of; Gloo's ConvertHttp1 prefers proper case when both are true. */
    private static ConnectionOptions.Http1 http1(NodeReader h) {
        h.atMostOne("properCaseHeaderKeyFormat", "preserveCaseHeaderKeyFormat");
        boolean properCase = h.bool("properCaseHeaderKeyFormat");
        boolean preserveCase = h.bool("preserveCaseHeaderKeyFormat");
        ConnectionOptions.HeaderKeyFormat format = ConnectionOptions.HeaderKeyFormat.DEFAULT;
        if (properCase) {
            format = ConnectionOptions.HeaderKeyFormat.PROPER_CASE;
        } else if (preserveCase) {
            format = ConnectionOptions.HeaderKeyFormat.PRESERVE_CASE;
        }
        Boolean override = h.has("overrideStreamErrorOnInvalidHttpMessage")
                ? h.bool("overrideStreamErrorOnInvalidHttpMessage")
                : null;
        return new ConnectionOptions.Http1(h.bool("enableTrailers"), format, override);
    }
}
