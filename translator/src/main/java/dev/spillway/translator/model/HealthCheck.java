package dev.spillway.translator.model;

import java.time.Duration;
import java.util.List;

/**
 * An active health check of a cluster; exactly one of {@code http}, {@code tcp}, {@code grpc} is set.
 *
 * @param timeout               time to wait for a response
 * @param interval              time between checks
 * @param unhealthyThreshold    failures before a host is unhealthy
 * @param healthyThreshold      successes before a host is healthy again
 * @param intervalJitter        random jitter added to each interval, or null
 * @param noTrafficInterval     interval while the cluster has no traffic, or null
 * @param unhealthyEdgeInterval interval right after a host turns unhealthy, or null
 * @param healthyEdgeInterval   interval right after a host turns healthy, or null
 * @param http                  HTTP check, or null
 * @param tcp                   TCP check, or null
 * @param grpc                  gRPC health protocol check, or null
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
        Grpc grpc) {

    /**
     * An HTTP check.
     *
     * @param path             request path
     * @param host             Host header, or null/empty for the cluster name
     * @param expectedStatuses accepted status ranges [start, end); empty means 200 only
     */
    public record Http(String path, String host, List<StatusRange> expectedStatuses) {
        public Http {
            expectedStatuses = List.copyOf(expectedStatuses);
        }
    }

    /**
     * A half-open range of HTTP status codes.
     *
     * @param start first code, inclusive
     * @param end   last code, exclusive
     */
    public record StatusRange(long start, long end) {}

    /**
     * A TCP check: connect, optionally send bytes and expect bytes back.
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
     * A check by the gRPC health checking protocol.
     *
     * @param serviceName service name to check, or null/empty for the server
     * @param authority   :authority to send, or null/empty
     */
    public record Grpc(String serviceName, String authority) {}
}
