package dev.spillway.translator.resolve;

import dev.spillway.translator.model.UpstreamCluster.Endpoint;
import dev.spillway.translator.model.UpstreamCluster.Tier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The host sets Envoy ends up with for a cluster's tiers, by the priority they come from. Normally one
 * per priority. When an address repeats, the xds stage serves the cluster as parts under an aggregate
 * cluster (FailoverParts): the n-th endpoint at an address of a priority lands in a host set of its own,
 * and the aggregate stacks the parts' non-empty host sets one after the other (linearizePrioritySet,
 * source/extensions/clusters/aggregate/cluster.cc).
 */
final class EnvoyLevels {
    private EnvoyLevels() {}

    /** Host counts of the host sets each priority becomes, in order. */
    static SortedMap<Integer, List<Integer>> of(List<Tier> tiers) {
        SortedMap<Integer, List<Endpoint>> byPriority = new TreeMap<>();
        tiers.forEach(t ->
                byPriority.computeIfAbsent(t.priority(), p -> new ArrayList<>()).addAll(t.endpoints()));
        Map<String, Integer> seen = new HashMap<>();
        boolean repeats = false;
        for (List<Endpoint> endpoints : byPriority.values()) {
            for (Endpoint e : endpoints) {
                repeats |= seen.merge(key(e), 1, Integer::sum) > 1;
            }
        }
        SortedMap<Integer, List<Integer>> levels = new TreeMap<>();
        for (Map.Entry<Integer, List<Endpoint>> p : byPriority.entrySet()) {
            if (!repeats) {
                levels.put(p.getKey(), List.of(p.getValue().size()));
                continue;
            }
            Map<String, Integer> atPriority = new HashMap<>();
            List<Integer> sizes = new ArrayList<>();
            for (Endpoint e : p.getValue()) {
                int n = atPriority.merge(key(e), 1, Integer::sum) - 1;
                while (sizes.size() <= n) {
                    sizes.add(0);
                }
                sizes.set(n, sizes.get(n) + 1);
            }
            if (!sizes.isEmpty()) {
                levels.put(p.getKey(), List.copyOf(sizes));
            }
        }
        // Priority 0 is always there, if only as an empty host set that changes no arithmetic.
        levels.putIfAbsent(0, List.of(0));
        return levels;
    }

    private static String key(Endpoint e) {
        return e.address() + ":" + e.port();
    }
}
