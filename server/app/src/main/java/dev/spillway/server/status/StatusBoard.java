package dev.spillway.server.status;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.api.status.SchemeReadiness;
import dev.spillway.server.xds.NackRecord;
import dev.spillway.translator.Translation;
import dev.spillway.translator.tls.SecretExpiry;
import dev.spillway.translator.xds.XdsResources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every resource's status: the translator's, plus the NACKs proxies sent, put on the resources that
 * produced the rejected Envoy resources.
 */
public final class StatusBoard {
    private StatusBoard() {}

    public static SortedMap<ResourceKey, ResourceStatus> statuses(
            Translation translation, Collection<NackRecord> nacks) {
        return statuses(translation, nacks, Map.of());
    }

    /** As {@link #statuses(Translation, Collection)}, with FailoverSchemes' readiness as Warnings on them. */
    public static SortedMap<ResourceKey, ResourceStatus> statuses(
            Translation translation, Collection<NackRecord> nacks, Map<ResourceKey, SchemeReadiness> readiness) {
        return statuses(translation, nacks, readiness, null);
    }

    /**
     * As {@link #statuses(Translation, Collection, Map)}, with a Warning on each Secret whose certificate is
     * expired or not yet valid at {@code now} (none when {@code now} is null).
     */
    public static SortedMap<ResourceKey, ResourceStatus> statuses(
            Translation translation,
            Collection<NackRecord> nacks,
            Map<ResourceKey, SchemeReadiness> readiness,
            Instant now) {
        SortedMap<ResourceKey, ResourceStatus> all = withExpiry(translation, now);
        readiness.forEach((key, r) -> {
            List<Problem> problems = ReadinessReport.problems(r);
            if (!problems.isEmpty() && all.containsKey(key)) {
                all.put(key, all.get(key).with(problems));
            }
        });
        for (NackRecord nack : nacks) {
            XdsResources xds = translation.groups().get(nack.group());
            for (String name : nack.resourceNames()) {
                ResourceKey key =
                        xds == null ? null : xds.index().sourceOf(nack.type().typeUrl(), name);
                if (key != null) {
                    Problem p = Problem.error(
                            key,
                            "",
                            "proxy " + nack.nodeId() + " (" + nack.group() + ") rejected "
                                    + nack.type().name().toLowerCase() + " " + name + " version " + nack.version()
                                    + ": "
                                    + nack.message());
                    all.merge(key, ResourceStatus.of(List.of(p)), (a, b) -> a.with(b.problems()));
                }
            }
        }
        return all;
    }

    /** The translation's statuses, with the expiry Warnings of Secrets that are served at {@code now}. */
    public static SortedMap<ResourceKey, ResourceStatus> withExpiry(Translation translation, Instant now) {
        SortedMap<ResourceKey, ResourceStatus> all = new TreeMap<>(translation.statuses());
        if (now != null) {
            SecretExpiry.warnings(translation.inventory().resources(), now).forEach((key, warning) -> {
                ResourceStatus status = all.get(key);
                if (status != null) {
                    all.put(key, status.with(List.of(warning)));
                }
            });
        }
        return all;
    }

    /** The NACKs as plain maps for JSON. */
    public static List<Map<String, Object>> nackMaps(Collection<NackRecord> nacks) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NackRecord n : nacks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", n.at().toString());
            m.put("node", n.nodeId());
            m.put("group", n.group().toString());
            m.put("protocol", n.protocol());
            m.put("type", n.type().name().toLowerCase());
            m.put("version", n.version());
            m.put("nonce", n.nonce());
            m.put("resources", n.resourceNames());
            m.put("message", n.message());
            out.add(m);
        }
        return out;
    }
}
