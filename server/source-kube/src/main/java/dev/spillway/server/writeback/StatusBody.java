package dev.spillway.server.writeback;

import dev.spillway.api.model.Kind;
import dev.spillway.api.status.ResourceStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code status} Spillway writes on a custom resource, in the shape its users know: Gloo's
 * {@code {state, reason, reportedBy, observedGeneration}} on Upstreams, Gateways and
 * VirtualServices; Gloo Federation's {@code {state, message, observedGeneration}} on FailoverSchemes.
 */
final class StatusBody {

    /** Gloo's {@code reportedBy}: which controller wrote the status. */
    static final String REPORTED_BY = "spillway";

    private StatusBody() {}

    /**
     * @param kind       the resource's kind
     * @param status     its status from the translator
     * @param generation its {@code metadata.generation}, or null when it has none
     */
    static Map<String, Object> of(Kind kind, ResourceStatus status, Long generation) {
        return of(kind, status, generation, List.of());
    }

    /**
     * As {@link #of(Kind, ResourceStatus, Long)}, with, on a FailoverScheme, each target and the endpoint
     * chosen for it ({@code targets: [{priority, cluster, upstream, endpoint, through}]}).
     */
    static Map<String, Object> of(
            Kind kind, ResourceStatus status, Long generation, List<Map<String, Object>> targets) {
        return of(kind, status, generation, targets, Map.of());
    }

    /**
     * As {@link #of(Kind, ResourceStatus, Long, List)}, with, on the primary Upstream of a
     * FailoverScheme, where it fails over to ({@code failover: {scheme, targets}}): Gloo Federation
     * writes that into the Upstream's {@code spec.failover}; Spillway never writes a spec, so the
     * status says it.
     */
    static Map<String, Object> of(
            Kind kind,
            ResourceStatus status,
            Long generation,
            List<Map<String, Object>> targets,
            Map<String, Object> failover) {
        return of(kind, status, generation, targets, failover, Map.of());
    }

    /**
     * As {@link #of(Kind, ResourceStatus, Long, List, Map)}, with, on a FailoverScheme, what its thresholds do
     * ({@code traffic: {overprovisioningFactor, failoverThresholdPercent, healthyPanicThresholdPercent,
     * panicThresholdFrom, whenTrafficMoves}}).
     */
    static Map<String, Object> of(
            Kind kind,
            ResourceStatus status,
            Long generation,
            List<Map<String, Object>> targets,
            Map<String, Object> failover,
            Map<String, Object> traffic) {
        return of(kind, status, generation, targets, failover, traffic, Map.of());
    }

    /**
     * As {@link #of(Kind, ResourceStatus, Long, List, Map, Map)}, with, on a FailoverScheme, its readiness:
     * {@code conditions} (the overall {@code Ready} in Kubernetes' condition shape) and {@code tiers} (each
     * tier's checks).
     */
    static Map<String, Object> of(
            Kind kind,
            ResourceStatus status,
            Long generation,
            List<Map<String, Object>> targets,
            Map<String, Object> failover,
            Map<String, Object> traffic,
            Map<String, Object> readiness) {
        return of(kind, status, generation, targets, failover, traffic, readiness, Map.of());
    }

    /**
     * As {@link #of(Kind, ResourceStatus, Long, List, Map, Map, Map)}, with, on a FailoverScheme, where its
     * traffic goes from the proxies' load reports: {@code activeTier}, {@code since}, {@code liveTraffic}.
     */
    static Map<String, Object> of(
            Kind kind,
            ResourceStatus status,
            Long generation,
            List<Map<String, Object>> targets,
            Map<String, Object> failover,
            Map<String, Object> traffic,
            Map<String, Object> readiness,
            Map<String, Object> liveTraffic) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", status.state().label(kind));
        String reason = status.reason();
        if (kind == Kind.FAILOVER_SCHEME) {
            putIfNotEmpty(body, "message", reason);
        } else {
            putIfNotEmpty(body, "reason", reason);
            body.put("reportedBy", REPORTED_BY);
        }
        if (kind == Kind.FAILOVER_SCHEME && !targets.isEmpty()) {
            body.put("targets", targets);
        }
        if (kind == Kind.FAILOVER_SCHEME && !traffic.isEmpty()) {
            body.put("traffic", traffic);
        }
        if (kind == Kind.FAILOVER_SCHEME) {
            body.putAll(readiness);
            body.putAll(liveTraffic);
        }
        if (kind == Kind.UPSTREAM && !failover.isEmpty()) {
            body.put("failover", failover);
        }
        if (generation != null) {
            body.put("observedGeneration", generation);
        }
        return body;
    }

    /** True when the status on the object already says what Spillway would write. */
    static boolean same(Object current, Map<String, Object> desired) {
        if (!(current instanceof Map<?, ?> written) || !written.keySet().equals(desired.keySet())) {
            return false;
        }
        // Numbers come back as Integer or Long: compare the text.
        return desired.entrySet().stream()
                .allMatch(e -> Objects.equals(String.valueOf(written.get(e.getKey())), String.valueOf(e.getValue())));
    }

    private static void putIfNotEmpty(Map<String, Object> body, String field, String value) {
        if (!value.isEmpty()) {
            body.put(field, value);
        }
    }
}
