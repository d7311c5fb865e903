package dev.spillway.translator.readiness;

import dev.spillway.api.status.Condition;
import dev.spillway.translator.model.HealthCheck;
import dev.spillway.translator.model.UpstreamCluster;

/**
 * The primary is health checked, so Envoy sees it fail before users do. Outlier detection alone moves
 * traffic only after real requests failed: a Warning.
 */
final class PrimaryHealthCheckRule {
    static final String TYPE = "PrimaryHealthChecked";

    private PrimaryHealthCheckRule() {}

    static Condition check(UpstreamCluster primary) {
        if (primary == null) {
            return Condition.failed(TYPE, "NotServed", "the primary's cluster is not in the output");
        }
        if (!primary.healthChecks().isEmpty()) {
            HealthCheck check = primary.healthChecks().get(0);
            return Condition.met(TYPE, kind(check), HealthCheckWords.of(check));
        }
        if (primary.outlierDetection() != null) {
            return Condition.warning(
                    TYPE,
                    false,
                    "OutlierDetectionOnly",
                    "no active health check: traffic moves only after requests to the primary fail");
        }
        return Condition.failed(TYPE, "None", "no health checks or outlier detection: failover would never trigger");
    }

    private static String kind(HealthCheck check) {
        if (check.http() != null) {
            return "HttpHealthCheck";
        }
        if (check.grpc() != null) {
            return "GrpcHealthCheck";
        }
        return "TcpHealthCheck";
    }
}
