package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Protos.duration;
import static dev.spillway.translator.xds.Protos.uint32;

import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.HealthCheck.GrpcHealthCheck;
import io.envoyproxy.envoy.config.core.v3.HealthCheck.HttpHealthCheck;
import io.envoyproxy.envoy.config.core.v3.HealthCheck.Payload;
import io.envoyproxy.envoy.config.core.v3.HealthCheck.TcpHealthCheck;
import io.envoyproxy.envoy.type.v3.Int64Range;
import java.util.List;
import java.util.Objects;

/** An Upstream's health check as Envoy's, field for field; unset model fields stay unset. */
final class HealthChecks {
    private HealthChecks() {}

    static List<HealthCheck> of(List<dev.spillway.translator.model.HealthCheck> checks) {
        return checks.stream().map(HealthChecks::of).toList();
    }

    static HealthCheck of(dev.spillway.translator.model.HealthCheck check) {
        HealthCheck.Builder b = HealthCheck.newBuilder()
                .setTimeout(duration(check.timeout()))
                .setInterval(duration(check.interval()))
                .setUnhealthyThreshold(uint32(check.unhealthyThreshold()))
                .setHealthyThreshold(uint32(check.healthyThreshold()));
        if (check.intervalJitter() != null) {
            b.setIntervalJitter(duration(check.intervalJitter()));
        }
        if (check.noTrafficInterval() != null) {
            b.setNoTrafficInterval(duration(check.noTrafficInterval()));
        }
        if (check.unhealthyEdgeInterval() != null) {
            b.setUnhealthyEdgeInterval(duration(check.unhealthyEdgeInterval()));
        }
        if (check.healthyEdgeInterval() != null) {
            b.setHealthyEdgeInterval(duration(check.healthyEdgeInterval()));
        }
        if (check.http() != null) {
            b.setHttpHealthCheck(http(check.http()));
        } else if (check.tcp() != null) {
            b.setTcpHealthCheck(tcp(check.tcp()));
        } else if (check.grpc() != null) {
            b.setGrpcHealthCheck(grpc(check.grpc()));
        }
        return b.build();
    }

    private static HttpHealthCheck http(dev.spillway.translator.model.HealthCheck.Http http) {
        HttpHealthCheck.Builder b =
                HttpHealthCheck.newBuilder().setPath(http.path()).setHost(Objects.requireNonNullElse(http.host(), ""));
        http.expectedStatuses()
                .forEach(r -> b.addExpectedStatuses(
                        Int64Range.newBuilder().setStart(r.start()).setEnd(r.end())));
        return b.build();
    }

    private static TcpHealthCheck tcp(dev.spillway.translator.model.HealthCheck.Tcp tcp) {
        TcpHealthCheck.Builder b = TcpHealthCheck.newBuilder();
        // An empty send means "connect only": Payload requires a non-empty text, so leave it unset.
        if (!tcp.send().isEmpty()) {
            b.setSend(payload(tcp.send()));
        }
        tcp.receive().forEach(r -> b.addReceive(payload(r)));
        return b.build();
    }

    /** Gloo's payloads are hex strings, which is exactly what Envoy's {@code Payload.text} holds. */
    private static Payload payload(String hex) {
        return Payload.newBuilder().setText(hex).build();
    }

    private static GrpcHealthCheck grpc(dev.spillway.translator.model.HealthCheck.Grpc grpc) {
        return GrpcHealthCheck.newBuilder()
                .setServiceName(Objects.requireNonNullElse(grpc.serviceName(), ""))
                .setAuthority(Objects.requireNonNullElse(grpc.authority(), ""))
                .build();
    }
}
