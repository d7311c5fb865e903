package dev.spillway.server.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.api.status.SchemeReadiness;
import dev.spillway.server.failover.ActivityStatus;
import dev.spillway.server.failover.TierActivity;
import dev.spillway.translator.resolve.FailoverOutcome;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** The JSON of {@code /status}: every resource with its state and reason, and the failover outcomes. */
public final class StatusReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusReport() {}

    /**
     * @param statuses  every resource's status
     * @param failovers accepted FailoverSchemes with their targets and chosen endpoints
     * @param nacks     current NACKs, already rendered as maps
     */
    public static String json(
            Map<ResourceKey, ResourceStatus> statuses,
            List<FailoverOutcome> failovers,
            List<Map<String, Object>> nacks) {
        return json(statuses, failovers, nacks, Map.of());
    }

    /** As {@link #json(Map, List, List)}, with each FailoverScheme's readiness on its resource entry. */
    public static String json(
            Map<ResourceKey, ResourceStatus> statuses,
            List<FailoverOutcome> failovers,
            List<Map<String, Object>> nacks,
            Map<ResourceKey, SchemeReadiness> readiness) {
        return json(statuses, failovers, nacks, readiness, Map.of());
    }

    /**
     * As {@link #json(Map, List, List, Map)}, with each scheme's live traffic from load reports
     * ({@link ActivityStatus}) on its failover entry.
     */
    public static String json(
            Map<ResourceKey, ResourceStatus> statuses,
            List<FailoverOutcome> failovers,
            List<Map<String, Object>> nacks,
            Map<ResourceKey, SchemeReadiness> readiness,
            Map<ResourceKey, ? extends SortedMap<ProxyGroup, TierActivity>> activity) {
        Map<String, Object> doc = new LinkedHashMap<>();
        List<Map<String, Object>> resources = new ArrayList<>();
        statuses.forEach((key, status) -> {
            Map<String, Object> r = resource(key, status);
            SchemeReadiness ready = readiness.get(key);
            if (ready != null) {
                r.putAll(ReadinessReport.of(ready));
            }
            resources.add(r);
        });
        doc.put("resources", resources);
        List<Map<String, Object>> schemes = new ArrayList<>();
        failovers.forEach(f -> {
            Map<String, Object> scheme = failover(f);
            scheme.putAll(ActivityStatus.of(activity.get(f.scheme())));
            schemes.add(scheme);
        });
        doc.put("failoverSchemes", schemes);
        doc.put("nacks", nacks);
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> resource(ResourceKey key, ResourceStatus status) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", key.kind().displayName());
        r.put("cluster", key.cluster());
        r.put("namespace", key.namespace());
        r.put("name", key.name());
        r.put("state", status.state().label(key.kind()));
        r.put("reason", status.reason());
        r.put("reportedBy", "spillway");
        List<Map<String, String>> problems = new ArrayList<>();
        for (Problem p : status.problems()) {
            problems.add(Map.of("severity", p.severity().name(), "field", p.field(), "message", p.message()));
        }
        r.put("problems", problems);
        return r;
    }

    private static Map<String, Object> failover(FailoverOutcome f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheme", f.scheme().display());
        m.put("cluster", f.scheme().cluster());
        m.put("primary", f.primary());
        m.put("targets", targets(f));
        m.put("traffic", traffic(f));
        return m;
    }

    /** What an accepted FailoverScheme's thresholds do: the factor, the panic threshold, in words. */
    public static Map<String, Object> traffic(FailoverOutcome f) {
        Map<String, Object> m = new LinkedHashMap<>();
        FailoverOutcome.Traffic t = f.traffic();
        m.put("overprovisioningFactor", t.overprovisioningFactor());
        m.put("failoverThresholdPercent", t.failoverThresholdPercent().toPlainString());
        m.put("healthyPanicThresholdPercent", t.healthyPanicThresholdPercent());
        m.put("panicThresholdFrom", t.panicThresholdFrom());
        m.put("whenTrafficMoves", t.whenTrafficMoves());
        return m;
    }

    /** Each target of an accepted FailoverScheme and the endpoint chosen for it. */
    public static List<Map<String, Object>> targets(FailoverOutcome f) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (FailoverOutcome.Target t : f.targets()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("priority", t.priority());
            tm.put("cluster", t.cluster());
            tm.put("upstream", t.upstream().toString());
            tm.put("endpoint", t.address() + ":" + t.port());
            tm.put("through", t.viaGateway() ? "failover gateway (mTLS)" : "flat network");
            targets.add(tm);
        }
        return targets;
    }
}
