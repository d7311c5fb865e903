package dev.spillway.server.failover;

import dev.spillway.api.model.ProxyGroup;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A FailoverScheme's live traffic as its status shows it ({@code /status}, and the status written back in
 * Kubernetes mode): {@code activeTier} and {@code since} of the group whose traffic went furthest, and
 * {@code liveTraffic: [{group, activeTier, since, proxies, proxiesOnActiveTier, tiers: [{tier, percent}]}]}.
 */
public final class ActivityStatus {
    private ActivityStatus() {}

    /** The status fields, empty when no traffic was reported. */
    public static Map<String, Object> of(SortedMap<ProxyGroup, TierActivity> groups) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (groups == null || groups.isEmpty()) {
            return out;
        }
        TierActivity furthest = null;
        List<Map<String, Object>> live = new ArrayList<>();
        for (Map.Entry<ProxyGroup, TierActivity> e : groups.entrySet()) {
            TierActivity a = e.getValue();
            if (furthest == null || a.activeTier() > furthest.activeTier()) {
                furthest = a;
            }
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("group", e.getKey().toString());
            g.putAll(ofGroup(a));
            live.add(g);
        }
        out.put("activeTier", furthest.activeTier());
        out.put("since", furthest.since().truncatedTo(ChronoUnit.SECONDS).toString());
        out.put("liveTraffic", live);
        return out;
    }

    /**
     * One group's traffic: {@code activeTier, since, proxies, proxiesOnActiveTier, requests, tiers:
     * [{tier, percent}]} and, once the active tier moved, {@code lastChange: {from, to, at, message}}.
     */
    public static Map<String, Object> ofGroup(TierActivity a) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("activeTier", a.activeTier());
        g.put("since", a.since().truncatedTo(ChronoUnit.SECONDS).toString());
        g.put("proxies", a.proxies());
        g.put("proxiesOnActiveTier", a.proxiesOnActiveTier());
        g.put("requests", a.requests());
        List<Map<String, Object>> tiers = new ArrayList<>();
        a.percentByTier().forEach((tier, percent) -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("tier", tier);
            t.put("percent", Math.round(percent));
            tiers.add(t);
        });
        g.put("tiers", tiers);
        if (a.lastChange() != null) {
            TierChange c = a.lastChange();
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("from", c.from());
            change.put("to", c.to());
            change.put("at", c.at().truncatedTo(ChronoUnit.SECONDS).toString());
            change.put("message", c.message());
            g.put("lastChange", change);
        }
        return g;
    }
}
