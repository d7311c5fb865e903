package dev.spillway.translator.resolve;

import dev.spillway.api.model.HealthCheck;
import dev.spillway.api.model.Upstream;
import dev.spillway.translator.model.UpstreamCluster;
import java.util.List;

/** An Upstream's health checks, outlier detection and circuit breakers as the model's, value for value. */
final class ClusterPolicies {
    private ClusterPolicies() {}

    static List<dev.spillway.translator.model.HealthCheck> healthChecks(List<HealthCheck> checks) {
        return checks.stream().map(ClusterPolicies::healthCheck).toList();
    }

    static UpstreamCluster.OutlierDetection outlierDetection(Upstream.OutlierDetection od) {
        return od == null
                ? null
                : new UpstreamCluster.OutlierDetection(
                        od.consecutive5xx(),
                        od.interval(),
                        od.baseEjectionTime(),
                        od.maxEjectionPercent(),
                        od.enforcingConsecutive5xx(),
                        od.enforcingSuccessRate(),
                        od.successRateMinimumHosts(),
                        od.successRateRequestVolume(),
                        od.successRateStdevFactor(),
                        od.consecutiveGatewayFailure(),
                        od.enforcingConsecutiveGatewayFailure(),
                        od.splitExternalLocalOriginErrors(),
                        od.consecutiveLocalOriginFailure(),
                        od.enforcingConsecutiveLocalOriginFailure(),
                        od.enforcingLocalOriginSuccessRate());
    }

    static UpstreamCluster.CircuitBreakers circuitBreakers(Upstream.CircuitBreakers cb) {
        return cb == null
                ? null
                : new UpstreamCluster.CircuitBreakers(
                        cb.maxConnections(), cb.maxPendingRequests(), cb.maxRequests(), cb.maxRetries());
    }

    private static dev.spillway.translator.model.HealthCheck healthCheck(HealthCheck c) {
        return new dev.spillway.translator.model.HealthCheck(
                c.timeout(),
                c.interval(),
                c.unhealthyThreshold(),
                c.healthyThreshold(),
                c.intervalJitter(),
                c.noTrafficInterval(),
                c.unhealthyEdgeInterval(),
                c.healthyEdgeInterval(),
                http(c.http()),
                tcp(c.tcp()),
                grpc(c.grpc()),
                options(c.options()));
    }

    private static dev.spillway.translator.model.HealthCheck.Options options(HealthCheck.Options o) {
        return new dev.spillway.translator.model.HealthCheck.Options(
                o.initialJitter(),
                o.intervalJitterPercent(),
                o.unhealthyInterval(),
                o.reuseConnection(),
                o.eventLogPath(),
                o.alwaysLogHealthCheckFailures());
    }

    private static List<dev.spillway.translator.model.HealthCheck.Header> headers(List<HealthCheck.Header> headers) {
        return headers.stream()
                .map(h -> new dev.spillway.translator.model.HealthCheck.Header(h.key(), h.value(), h.append()))
                .toList();
    }

    private static dev.spillway.translator.model.HealthCheck.Http http(HealthCheck.Http http) {
        return http == null
                ? null
                : new dev.spillway.translator.model.HealthCheck.Http(
                        http.path(),
                        http.host(),
                        http.expectedStatuses().stream()
                                .map(r -> new dev.spillway.translator.model.HealthCheck.StatusRange(r.start(), r.end()))
                                .toList(),
                        http.serviceName(),
                        http.useHttp2(),
                        http.method(),
                        headers(http.requestHeadersToAdd()),
                        http.requestHeadersToRemove());
    }

    private static dev.spillway.translator.model.HealthCheck.Tcp tcp(HealthCheck.Tcp tcp) {
        return tcp == null ? null : new dev.spillway.translator.model.HealthCheck.Tcp(tcp.send(), tcp.receive());
    }

    private static dev.spillway.translator.model.HealthCheck.Grpc grpc(HealthCheck.Grpc grpc) {
        return grpc == null
                ? null
                : new dev.spillway.translator.model.HealthCheck.Grpc(
                        grpc.serviceName(), grpc.authority(), headers(grpc.initialMetadata()));
    }
}
