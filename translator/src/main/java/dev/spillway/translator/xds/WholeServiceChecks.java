package dev.spillway.translator.xds;

import dev.spillway.translator.model.HealthCheck;
import dev.spillway.translator.model.UpstreamCluster.WholeServiceCheck;
import java.util.List;

/**
 * The health check of a failover endpoint checked as its whole target: the primary's check, at its own pace
 * and thresholds, made an HTTP GET the failover gateway's health check filter answers (200 while enough of
 * the target's endpoints are healthy there, else 503), connecting with the health SNI's transport socket.
 */
final class WholeServiceChecks {
    private WholeServiceChecks() {}

    static List<HealthCheck> of(List<HealthCheck> primaryChecks, WholeServiceCheck check) {
        return primaryChecks.stream()
                .limit(1)
                .map(c -> new HealthCheck(
                        c.timeout(),
                        c.interval(),
                        c.unhealthyThreshold(),
                        c.healthyThreshold(),
                        c.intervalJitter(),
                        c.noTrafficInterval(),
                        c.unhealthyEdgeInterval(),
                        c.healthyEdgeInterval(),
                        new HealthCheck.Http(HealthAnswers.PATH, check.serverName(), List.of()),
                        null,
                        null,
                        new HealthCheck.Options(
                                c.options().initialJitter(),
                                c.options().intervalJitterPercent(),
                                c.options().unhealthyInterval(),
                                c.options().reuseConnection(),
                                c.options().eventLogPath(),
                                c.options().alwaysLogHealthCheckFailures(),
                                check.transportMatch())))
                .toList();
    }
}
