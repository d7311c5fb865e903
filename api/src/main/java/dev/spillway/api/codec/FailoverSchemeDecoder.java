package dev.spillway.api.codec;

import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceRef;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code fed.solo.io/v1 FailoverScheme}. */
final class FailoverSchemeDecoder {

    private FailoverSchemeDecoder() {}

    static FailoverScheme decode(NodeReader document, ObjectMeta meta) {
        return document.requiredObject("spec", spec -> {
            FailoverScheme.Target primary = spec.requiredObject("primary", FailoverSchemeDecoder::primary);
            List<FailoverScheme.FailoverGroup> groups =
                    spec.nonEmptyList("failoverGroups", group -> group(group, meta.namespace()));
            spec.atMostOne("failoverThreshold", "overprovisioningFactor");
            Integer overprovisioningFactor = spec.integerAtLeast("overprovisioningFactor", 1);
            Double threshold = threshold(spec);
            Double panic = spec.percentage("healthyPanicThreshold", true);
            Double remoteHealth = spec.object("remoteHealthCheck", r -> {
                Double p = r.percentage("minHealthyPercentage", true);
                if (p == null && !r.has("minHealthyPercentage")) {
                    r.error("minHealthyPercentage", "is required");
                }
                r.notSupportedRest();
                return p;
            });
            return new FailoverScheme(meta, primary, groups, overprovisioningFactor, threshold, panic, remoteHealth);
        });
    }

    private static FailoverScheme.Target primary(NodeReader primary) {
        String cluster = primary.requiredString("clusterName");
        ResourceRef upstream = new ResourceRef(primary.requiredString("name"), primary.requiredString("namespace"));
        return new FailoverScheme.Target(cluster, upstream);
    }

    /**
     * One priority: every upstream of every {@code priorityGroup[]} entry, in order, and the entries'
     * {@code localityWeight}: the weight of the target cluster's locality at this priority (Envoy's
     * LocalityLbEndpoints.load_balancing_weight, {@code gte: 1}), so one cluster has one weight per group.
     */
    private static FailoverScheme.FailoverGroup group(NodeReader group, String namespace) {
        Map<String, Integer> weights = new TreeMap<>();
        List<List<FailoverScheme.Target>> perCluster = group.nonEmptyList("priorityGroup", entry -> {
            String cluster = entry.requiredString("cluster");
            Integer weight = entry.integerAtLeast("localityWeight", 1);
            if (weight != null) {
                Integer other = weights.putIfAbsent(cluster, weight);
                if (other != null && !other.equals(weight)) {
                    entry.error(
                            "localityWeight",
                            "is " + weight + " but another priorityGroup entry of cluster " + cluster + " gives "
                                    + other + ": one locality has one weight");
                }
            }
            return entry.nonEmptyList("upstreams", ref -> new FailoverScheme.Target(cluster, ref.refHere(namespace)));
        });
        return new FailoverScheme.FailoverGroup(
                perCluster.stream().flatMap(List::stream).toList(), threshold(group), weights);
    }

    /** {@code failoverThreshold: {percentage: P}} with 0 < P <= 100; null when absent or invalid. */
    private static Double threshold(NodeReader parent) {
        return parent.object("failoverThreshold", t -> {
            if (!t.has("percentage")) {
                t.error("percentage", "is required");
                t.skip("percentage");
                return null;
            }
            return t.percentage("percentage", false);
        });
    }
}
