package dev.spillway.translator.model;

import java.time.Duration;
import java.util.List;

/**
 * An active health check of a cluster; exactly one of {@code http},
 * {@code tcp}, {@code grpc} is set.
 *
 * @param timeout                      time to wait for a response
 * @param interval                     time between checks
 * @param unhealthyThreshold           failures before a host is unhealthy
 * @param healthyThreshold             successes before a host is healthy again
 * @param intervalJitter               random jitter added to each interval, or null
 * @param noTrafficInterval            interval while the cluster has no traffic, or null
 * @param unhealthyEdgeInterval        interval right after a host turns unhealthy, or null
 * @param healthyEdgeInterval          interval right after a host turns healthy, or null
 * @param http                         HTTP check, or null
 * @param tcp                          TCP check, or null
 * @param grpc                         gRPC health protocol check, or null
 * @param options                      the less common knobs, never null
 */
public record HealthCheck(
        Duration timeout,
        Duration interval,
        int unhealthyThreshold,
        int healthyThreshold,
        Duration intervalJitter,
        Duration noTrafficInterval,
        Duration unhealthyEdgeInterval,
        Duration healthyEdgeInterval,
        Http http,
        Tcp tcp,
        Grpc grpc,
        Options options) {

    public HealthCheck {
        options = options == null ? Options.NONE : options;
    }

    /** A check without the less common knobs. */
    public HealthCheck(
            Duration timeout,
            Duration interval,
            int unhealthyThreshold,
            int healthyThreshold,
            Duration intervalJitter,
            Duration noTrafficInterval,
            Duration unhealthyEdgeInterval,
            Duration healthyEdgeInterval,
            Http http,
            Tcp tcp,
            Grpc grpc) {
        this(
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
                Options.NONE);
    }

    /**
     * The less common health check fields; null or empty means Envoy's default.
     *
     * @param initialJitter                random delay before the first check, or null
     * @param intervalJitterPercent        jitter as a percentage of the interval, or null
     * @param unhealthyInterval            interval while a host is unhealthy, or null
     * @param reuseConnection              keep the connection between checks, or null (Envoy: true)
     * @param eventLogPath                 file health check events are written to, or empty
     * @param alwaysLogHealthCheckFailures log every failure, not only the first
     * @param transportMatch               the cluster's transport socket match the checks connect with, or
     *                                     null for each host's own
     */
    public record Options(
            Duration initialJitter,
            Integer intervalJitterPercent,
            Duration unhealthyInterval,
            Boolean reuseConnection,
            String eventLogPath,
            boolean alwaysLogHealthCheckFailures,
            String transportMatch) {
        public static final Options NONE = new Options(null, null, null, null, "", false, null);

        public Options {
            eventLogPath = eventLogPath == null ? "" : eventLogPath;
        }

        /** The knobs Gloo sets; checks connect as traffic does. */
        public Options(
                Duration initialJitter,
                Integer intervalJitterPercent,
                Duration unhealthyInterval,
                Boolean reuseConnection,
                String eventLogPath,
                boolean alwaysLogHealthCheckFailures) {
            this(
                    initialJitter,
                    intervalJitterPercent,
                    unhealthyInterval,
                    reuseConnection,
                    eventLogPath,
                    alwaysLogHealthCheckFailures,
                    null);
        }
    }

    /**
     * {@code httpHealthCheck}.
     *
     * @param path                   request path
     * @param host                   Host header, or empty for the cluster name
     * @param expectedStatuses       accepted status ranges [start, end); empty means 200 only
     * @param serviceName            prefix the response's {@code x-envoy-upstream-healthchecked-cluster} must have, or empty
     * @param useHttp2               check over HTTP/2
     * @param method                 request method ({@code GET}, {@code HEAD}, ...), or empty for GET
     * @param requestHeadersToAdd    headers added to each check request
     * @param requestHeadersToRemove headers removed from each check request
     */
    public record Http(
            String path,
            String host,
            List<StatusRange> expectedStatuses,
            String serviceName,
            boolean useHttp2,
            String method,
            List<Header> requestHeadersToAdd,
            List<String> requestHeadersToRemove) {
        public Http {
            expectedStatuses = List.copyOf(expectedStatuses);
            serviceName = serviceName == null ? "" : serviceName;
            method = method == null ? "" : method;
            requestHeadersToAdd = List.copyOf(requestHeadersToAdd);
            requestHeadersToRemove = List.copyOf(requestHeadersToRemove);
        }

        /** A GET of {@code path} over HTTP/1.1 with no extra headers. */
        public Http(String path, String host, List<StatusRange> expectedStatuses) {
            this(path, host, expectedStatuses, "", false, "", List.of(), List.of());
        }
    }

    /**
     * A header a check request carries ({@code requestHeadersToAdd[]}, {@code initialMetadata[]}).
     *
     * @param key    header name
     * @param value  header value
     * @param append add beside an existing value (Gloo's default) rather than replace it
     */
    public record Header(String key, String value, boolean append) {}

    /**
     * A half-open range of HTTP status codes.
     *
     * @param start first code, inclusive
     * @param end   last code, exclusive
     */
    public record StatusRange(long start, long end) {}

    /**
     * {@code tcpHealthCheck}: connect, optionally send bytes and expect bytes back.
     *
     * @param send    hex payload to send, or empty to only connect
     * @param receive hex payloads expected in order
     */
    public record Tcp(String send, List<String> receive) {
        public Tcp {
            receive = List.copyOf(receive);
        }
    }

    /**
     * {@code grpcHealthCheck}: the gRPC health checking protocol.
     *
     * @param serviceName     service name to check, or empty for the server
     * @param authority       :authority to send, or empty
     * @param initialMetadata metadata sent with each check
     */
    public record Grpc(String serviceName, String authority, List<Header> initialMetadata) {
        public Grpc {
            initialMetadata = List.copyOf(initialMetadata);
        }

        /** A check without metadata. */
        public Grpc(String serviceName, String authority) {
            this(serviceName, authority, List.of());
        }
    }
}
