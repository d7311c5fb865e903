package dev.spillway.api.codec;

import dev.spillway.api.model.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code spec.healthChecks[]} entry of an Upstream, Envoy's HealthCheck in Gloo's JSON form.
 *
 * @see <a href="https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/core/v3/health_check.proto">HealthCheck</a>
 */
final class HealthCheckDecoder {

    /** Envoy's Payload.text is hex-encoded bytes. */
    private static final Pattern HEX = Pattern.compile("([0-9a-fA-F]{2})*");

    private HealthCheckDecoder() {}

    static HealthCheck decode(NodeReader hc) {
        hc.exactlyOne("httpHealthCheck", "tcpHealthCheck", "grpcHealthCheck", "customHealthCheck");
        Duration timeout = hc.requiredPositiveDuration("timeout");
        Duration interval = hc.requiredPositiveDuration("interval");
        int unhealthyThreshold = hc.requiredIntegerAtLeast("unhealthyThreshold", 1);
        int healthyThreshold = hc.requiredIntegerAtLeast("healthyThreshold", 1);
        Duration intervalJitter = hc.duration("intervalJitter");
        // Envoy requires these to be greater than 0 when set.
        Duration noTrafficInterval = hc.positiveDuration("noTrafficInterval");
        Duration unhealthyEdgeInterval = hc.positiveDuration("unhealthyEdgeInterval");
        Duration healthyEdgeInterval = hc.positiveDuration("healthyEdgeInterval");
        HealthCheck.Http http = hc.object("httpHealthCheck", HealthCheckDecoder::http);
        HealthCheck.Tcp tcp = hc.object("tcpHealthCheck", HealthCheckDecoder::tcp);
        HealthCheck.Grpc grpc = hc.object("grpcHealthCheck", HealthCheckDecoder::grpc);
        if (hc.raw("customHealthCheck") != null) {
            // Gloo passes only a typed_config custom checker through (ToEnvoyHealthCheck,
            // pkg/utils/api_conversion/health_check.go); its payload is an arbitrary Any.
            hc.error(
                    "customHealthCheck",
                    "is not supported: a custom health checker's typed config cannot be checked against "
                            + "Envoy's rules, and dropping it would leave the hosts unchecked");
        }
        HealthCheck.Options options = options(hc);
        hc.notSupported("tlsOptions", "noTrafficHealthyInterval", "transportSocketMatchCriteria");
        return new HealthCheck(
                timeout,
                interval,
                unhealthyThreshold,
                healthyThreshold,
                intervalJitter,
                noTrafficInterval,
                unhealthyEdgeInterval,
                healthyEdgeInterval,
                http,
                tcp,
                grpc,
                options);
    }

    /**
     * Gloo copies these into Envoy's HealthCheck as they are (ToEnvoyHealthCheck,
     * pkg/utils/api_conversion/health_check.go); {@code unhealthyInterval} carries Envoy's {@code gt: 0}.
     */
    private static HealthCheck.Options options(NodeReader hc) {
        return new HealthCheck.Options(
                hc.duration("initialJitter"),
                hc.integerAtLeast("intervalJitterPercent", 0),
                hc.positiveDuration("unhealthyInterval"),
                hc.has("reuseConnection") ? hc.bool("reuseConnection") : null,
                hc.string("eventLogPath"),
                hc.bool("alwaysLogHealthCheckFailures"));
    }

    private static HealthCheck.Http http(NodeReader http) {
        String path = http.requiredString("path");
        if (!path.isEmpty() && !path.startsWith("/")) {
            http.error("path", "must start with \"/\"");
        }
        List<HealthCheck.StatusRange> expected = http.list("expectedStatuses", HealthCheckDecoder::statusRange);
        if (http.raw("responseAssertions") != null) {
            // An Enterprise field read by Gloo's own advanced_http checker, which upstream Envoy lacks;
            // without it the hosts would pass checks the user meant them to fail.
            http.error(
                    "responseAssertions",
                    "is not supported: it needs Gloo Enterprise's advanced_http health checker, "
                            + "which Envoy does not have (tcpHealthCheck receive or expectedStatuses can check responses)");
        }
        http.notSupported("codecClientType", "retriableStatuses");
        return new HealthCheck.Http(
                path,
                http.string("host"),
                expected,
                http.string("serviceName"),
                http.bool("useHttp2"),
                HealthCheckHeaders.method(http),
                http.list("requestHeadersToAdd", HealthCheckHeaders::header),
                HealthCheckHeaders.namesToRemove(http));
    }

    /** A half-open range [start, end) within Envoy's bounds [100, 600). */
    private static HealthCheck.StatusRange statusRange(NodeReader range) {
        int start = range.requiredIntegerIn("start", 100, 599);
        int end = range.requiredIntegerIn("end", 101, 600);
        if (start > 0 && end > 0 && end <= start) {
            range.error("end", "must be greater than start");
        }
        return new HealthCheck.StatusRange(start, end);
    }

    private static HealthCheck.Tcp tcp(NodeReader tcp) {
        String send = tcp.object("send", HealthCheckDecoder::payload);
        List<String> receive = tcp.list("receive", HealthCheckDecoder::payload);
        return new HealthCheck.Tcp(send == null ? "" : send, receive);
    }

    private static String payload(NodeReader payload) {
        String text = payload.requiredString("text");
        if (!HEX.matcher(text).matches()) {
            payload.error("text", "must be hex-encoded bytes such as \"000000FF\"");
        }
        payload.notSupported("binary");
        return text;
    }

    private static HealthCheck.Grpc grpc(NodeReader grpc) {
        return new HealthCheck.Grpc(
                grpc.string("serviceName"),
                grpc.string("authority"),
                grpc.list("initialMetadata", HealthCheckHeaders::header));
    }
}
