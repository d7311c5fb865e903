package dev.spillway.server.status;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Condition;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.SchemeReadiness;
import dev.spillway.api.status.TierReadiness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A FailoverScheme's readiness as its status shows it: {@code conditions} (the overall {@code Ready}, in
 * Kubernetes' condition shape) and {@code tiers} (each tier's checks), and as Warnings on the scheme.
 */
public final class ReadinessReport {
    private ReadinessReport() {}

    /** {@code {readiness: Ready|Degraded|..., conditions: [Ready], tiers: [{priority, cluster, upstream, ready, conditions}]}}. */
    public static Map<String, Object> of(SchemeReadiness readiness) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("readiness", readiness.label());
        m.put("conditions", List.of(condition(readiness.ready())));
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (TierReadiness t : readiness.tiers()) {
            Map<String, Object> tier = new LinkedHashMap<>();
            tier.put("priority", t.priority());
            tier.put("cluster", t.cluster());
            tier.put("upstream", t.upstream());
            tier.put("ready", t.ready());
            tier.put(
                    "conditions",
                    t.conditions().stream().map(ReadinessReport::condition).toList());
            tiers.add(tier);
        }
        if (!tiers.isEmpty()) {
            m.put("tiers", tiers);
        }
        return m;
    }

    /** One condition: {@code {type, status: "True"|"False", reason, message, severity}}. */
    public static Map<String, Object> condition(Condition c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", c.type());
        m.put("status", c.statusText());
        m.put("reason", c.reason());
        m.put("message", c.message());
        m.put(
                "severity",
                c.severity().name().charAt(0) + c.severity().name().substring(1).toLowerCase());
        return m;
    }

    /**
     * Warnings on an accepted scheme that is Degraded or has a check that warns, so its one-line status
     * and Gloo Federation's {@code message} say it too. Schemes not accepted already say why.
     */
    public static List<Problem> problems(SchemeReadiness readiness) {
        if (readiness.tiers().isEmpty()) {
            return List.of();
        }
        ResourceKey key = readiness.scheme();
        List<Problem> problems = new ArrayList<>();
        if (!readiness.isReady()) {
            problems.add(
                    Problem.warning(key, "", "Degraded: " + readiness.ready().message()));
        }
        readiness.warnings().forEach(w -> problems.add(Problem.warning(key, "", w)));
        return problems;
    }
}
