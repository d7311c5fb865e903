package dev.spillway.api.codec;

import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceRef;
import java.util.List;

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
            return new FailoverScheme(meta, primary, groups, overprovisioningFactor, threshold, panic);
        });
    }

    private static FailoverScheme.Target primary(NodeReader primary) {
        String cluster = primary.requiredString("clusterName");
        ResourceRef upstream = new ResourceRef(primary.requiredString("name"), primary.requiredString("namespace"));
        return new FailoverScheme.Target(cluster, upstream);
    }

    /** One priority: every upstream of every {@code priorityGroup[]} entry, in order. */
    private static FailoverScheme.FailoverGroup group(NodeReader group, String namespace) {
        List<List<FailoverScheme.Target>> perCluster = group.nonEmptyList("priorityGroup", entry -> {
            String cluster = entry.requiredString("cluster");
            return entry.nonEmptyList("upstreams", ref -> new FailoverScheme.Target(cluster, ref.refHere(namespace)));
        });
        return new FailoverScheme.FailoverGroup(
                perCluster.stream().flatMap(List::stream).toList(), threshold(group));
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
