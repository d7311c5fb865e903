package dev.spillway.server.source.kube;

import io.fabric8.kubernetes.api.model.Node;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where a cluster runs, from its nodes' well-known topology labels ({@code topology.kubernetes.io/region}
 * and {@code /zone}, else the deprecated {@code failure-domain.beta.kubernetes.io} ones): the locality a
 * cluster gets when its registration does not say, as Gloo Federation's GlooInstance takes it from the
 * cluster. The region is the one most nodes carry; the zone only when every labelled node is in it, since a
 * cluster spread over zones is in none of them.
 *
 * @param region the cluster's region, empty when no node says
 * @param zone   the cluster's zone, empty when no node says or the nodes disagree
 */
record NodeTopology(String region, String zone) {
    static final NodeTopology NONE = new NodeTopology("", "");

    static final String REGION = "topology.kubernetes.io/region";
    static final String ZONE = "topology.kubernetes.io/zone";
    private static final String LEGACY_REGION = "failure-domain.beta.kubernetes.io/region";
    private static final String LEGACY_ZONE = "failure-domain.beta.kubernetes.io/zone";

    static NodeTopology of(Collection<Node> nodes) {
        Map<String, Long> regions = count(nodes, n -> label(n, REGION, LEGACY_REGION));
        Map<String, Long> zones = count(nodes, n -> label(n, ZONE, LEGACY_ZONE));
        String region = regions.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey)
                .orElse("");
        String zone = zones.size() == 1 ? zones.keySet().iterator().next() : "";
        return new NodeTopology(region, zone);
    }

    boolean isEmpty() {
        return region.isEmpty() && zone.isEmpty();
    }

    private static Map<String, Long> count(Collection<Node> nodes, Function<Node, String> label) {
        return nodes.stream()
                .map(label)
                .filter(Objects::nonNull)
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private static String label(Node node, String name, String legacy) {
        Map<String, String> labels =
                node.getMetadata() == null ? null : node.getMetadata().getLabels();
        if (labels == null) {
            return null;
        }
        String value = labels.getOrDefault(name, labels.get(legacy));
        return value == null || value.isEmpty() ? null : value;
    }
}
