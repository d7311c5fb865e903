package dev.spillway.translator.readiness;

import dev.spillway.translator.model.HealthCheck;
import java.time.Duration;

/** A health check in one line: {@code HTTP GET /health every 1s, timeout 1s, unhealthy after 1 failure, ...}. */
public final class HealthCheckWords {
    private HealthCheckWords() {}

    public static String of(HealthCheck check) {
        String what;
        if (check.http() != null) {
            String method =
                    check.http().method().isEmpty() ? "GET" : check.http().method();
            what = "HTTP " + method + " " + check.http().path()
                    + (check.http().host() == null || check.http().host().isEmpty()
                            ? ""
                            : " (Host " + check.http().host() + ")");
        } else if (check.grpc() != null) {
            what = "gRPC health"
                    + (check.grpc().serviceName() == null
                                    || check.grpc().serviceName().isEmpty()
                            ? ""
                            : " of " + check.grpc().serviceName());
        } else {
            what = "TCP connect";
        }
        return what + " every " + seconds(check.interval()) + ", timeout " + seconds(check.timeout())
                + ", unhealthy after " + plural(check.unhealthyThreshold(), "failure")
                + ", healthy after " + plural(check.healthyThreshold(), "success");
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : word.endsWith("s") ? "es" : "s");
    }

    /** {@code 1s}, {@code 0.25s}, as the resources write durations. */
    static String seconds(Duration d) {
        if (d == null) {
            return "?";
        }
        java.math.BigDecimal s = java.math.BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString() + "s";
    }
}
