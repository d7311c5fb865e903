package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Protos.duration;
import static dev.spillway.translator.xds.Protos.uint32;

import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.HealthCheck.GrpcHealthCheck;
import io.envoyproxy.envoy.config.core.v3.HealthCheck.HttpHealthCheck;
import io.envoyproxy.envoy.config.core.v3.HealthCheck.Payload;
import io.envoyproxy.envoy.config.core.v3.HealthCheck.TcpHealthCheck;
import io.envoyproxy.envoy.config.core.v3.RequestMethod;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.extensions.health_check.event_sinks.file.v3.HealthCheckEventFileSink;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.CodecClientType;
import io.envoyproxy.envoy.type.v3.Int64Range;
import java.util.List;
import java.util.Objects;

/**
 * An Upstream's health check as Envoy's, field for field as Gloo's ToEnvoyHealthCheck
 * (pkg/utils/api_conversion/health_check.go) does it; unset model fields stay unset.
 */
final class HealthChecks {
    /** Envoy's file sink for health check events (source/extensions/extensions_build_config.bzl). */
    static final String FILE_EVENT_SINK = "envoy.health_check.event_sinks.file";

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
        options(b, check.options());
        if (check.http() != null) {
            b.setHttpHealthCheck(http(check.http()));
        } else if (check.tcp() != null) {
            b.setTcpHealthCheck(tcp(check.tcp()));
        } else if (check.grpc() != null) {
            b.setGrpcHealthCheck(grpc(check.grpc()));
        }
        return b.build();
    }

    private static void options(HealthCheck.Builder b, dev.spillway.translator.model.HealthCheck.Options o) {
        if (o.initialJitter() != null) {
            b.setInitialJitter(duration(o.initialJitter()));
        }
        if (o.intervalJitterPercent() != null) {
            b.setIntervalJitterPercent(o.intervalJitterPercent());
        }
        if (o.unhealthyInterval() != null) {
            b.setUnhealthyInterval(duration(o.unhealthyInterval()));
        }
        if (o.reuseConnection() != null) {
            b.setReuseConnection(Protos.bool(o.reuseConnection()));
        }
        // Gloo sets the top-level event_log_path, which Envoy deprecates for this file sink extension
        // (health_check.proto, event_log_path); both write the same JSON events to the file.
        if (!o.eventLogPath().isEmpty()) {
            b.addEventLogger(TypedExtensionConfig.newBuilder()
                    .setName(FILE_EVENT_SINK)
                    .setTypedConfig(Protos.any(HealthCheckEventFileSink.newBuilder()
                            .setEventLogPath(o.eventLogPath())
                            .build())));
        }
        b.setAlwaysLogHealthCheckFailures(o.alwaysLogHealthCheckFailures());
        // Every check of the cluster then connects with that match's transport socket, whatever its host's own
        // metadata (HealthCheckerImplBase keeps transport_socket_match_criteria as the metadata
        // HostImpl::createHealthCheckConnection resolves the socket factory with; source/common/upstream/
        // health_checker_impl.cc, upstream_impl.cc).
        if (o.transportMatch() != null) {
            b.setTransportSocketMatchCriteria(Clusters.transportMatchCriteria(o.transportMatch()));
        }
    }

    private static HttpHealthCheck http(dev.spillway.translator.model.HealthCheck.Http http) {
        HttpHealthCheck.Builder b =
                HttpHealthCheck.newBuilder().setPath(http.path()).setHost(Objects.requireNonNullElse(http.host(), ""));
        http.expectedStatuses()
                .forEach(r -> b.addExpectedStatuses(
                        Int64Range.newBuilder().setStart(r.start()).setEnd(r.end())));
        // As Gloo: the service name is a prefix the x-envoy-upstream-healthchecked-cluster response header
        // must start with (HttpHealthCheckerImpl, source/extensions/health_checkers/http).
        if (!http.serviceName().isEmpty()) {
            b.setServiceNameMatcher(
                    StringMatcher.newBuilder().setPrefix(http.serviceName()).build());
        }
        // The checker opens its own HTTP/2 connection; the cluster's protocol is not involved.
        if (http.useHttp2()) {
            b.setCodecClientType(CodecClientType.HTTP2);
        }
        if (!http.method().isEmpty()) {
            b.setMethod(RequestMethod.valueOf(http.method()));
        }
        http.requestHeadersToAdd().forEach(h -> b.addRequestHeadersToAdd(header(h)));
        b.addAllRequestHeadersToRemove(http.requestHeadersToRemove());
        return b.build();
    }

    /** Gloo's {@code append} as Envoy's append_action (ToEnvoyHeaderValueOptions, pkg/utils/api_conversion). */
    private static HeaderValueOption header(dev.spillway.translator.model.HealthCheck.Header h) {
        return HeaderValueOption.newBuilder()
                .setHeader(HeaderValue.newBuilder().setKey(h.key()).setValue(h.value()))
                .setAppendAction(
                        h.append()
                                ? HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD
                                : HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
                .build();
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
        GrpcHealthCheck.Builder b = GrpcHealthCheck.newBuilder()
                .setServiceName(Objects.requireNonNullElse(grpc.serviceName(), ""))
                .setAuthority(Objects.requireNonNullElse(grpc.authority(), ""));
        grpc.initialMetadata().forEach(h -> b.addInitialMetadata(header(h)));
        return b.build();
    }
}
