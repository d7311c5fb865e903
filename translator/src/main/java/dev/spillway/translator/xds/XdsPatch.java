package dev.spillway.translator.xds;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.translator.model.ClusterReplacement;
import dev.spillway.translator.model.FrozenSortedMap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A group's Envoy resources with some cluster models replaced, built from the previous ones without
 * translating the rest again: the replaced models' clusters and assignments are swapped, everything else
 * is kept as the same instances. Only when that is what a full translation gives: the new models build
 * without problems and serve the same cluster names, so no route, listener or other reference changes.
 */
public final class XdsPatch {
    private XdsPatch() {}

    /** The group's resources with the replacements, or null when a full translation is needed. */
    public static XdsResources apply(XdsResources group, List<ClusterReplacement> replacements, XdsMemo memo) {
        return apply(group, replacements, memo, EnvoyFieldRules.get());
    }

    static XdsResources apply(
            XdsResources group, List<ClusterReplacement> replacements, XdsMemo memo, FieldRules rules) {
        Map<String, Cluster> oldClusters = new HashMap<>();
        Map<String, Cluster> newClusters = new HashMap<>();
        Map<String, ClusterLoadAssignment> oldAssignments = new HashMap<>();
        List<ClusterLoadAssignment> newAssignments = new ArrayList<>();
        List<XdsIndex[]> reindexed = new ArrayList<>();
        for (ClusterReplacement r : replacements) {
            XdsResources was = XdsTranslator.clusterUnit(r.before(), memo, rules);
            // What the previous unit serves passed the rules; only what changed is checked again.
            List<com.google.protobuf.Message> passed = new ArrayList<>(was.clusters());
            passed.addAll(was.endpoints());
            XdsResources is = XdsTranslator.clusterUnit(r.after(), memo, FieldRules.exceptPassed(rules, passed));
            if (!was.problems().isEmpty()
                    || !is.problems().isEmpty()
                    || !names(was.clusters()).equals(names(is.clusters()))) {
                return null;
            }
            was.clusters().forEach(c -> oldClusters.put(c.getName(), c));
            is.clusters().forEach(c -> newClusters.put(c.getName(), c));
            was.endpoints().forEach(a -> oldAssignments.put(a.getClusterName(), a));
            newAssignments.addAll(is.endpoints());
            if (!was.index().equals(is.index())) {
                reindexed.add(new XdsIndex[] {was.index(), is.index()});
            }
        }
        List<Cluster> clusters = new ArrayList<>(group.clusters());
        for (Cluster replacement : newClusters.values()) {
            int i = find(clusters, Cluster::getName, replacement.getName());
            if (i < 0 || !clusters.get(i).equals(oldClusters.get(replacement.getName()))) {
                return null;
            }
            // An endpoint-only change leaves the cluster as it was: the same instance keeps serving.
            if (!replacement.equals(clusters.get(i))) {
                clusters.set(i, replacement);
            }
        }
        List<ClusterLoadAssignment> endpoints = new ArrayList<>(group.endpoints());
        for (ClusterLoadAssignment old : oldAssignments.values()) {
            int i = find(endpoints, ClusterLoadAssignment::getClusterName, old.getClusterName());
            if (i < 0 || !endpoints.get(i).equals(old)) {
                return null;
            }
            endpoints.remove(i);
        }
        for (ClusterLoadAssignment added : newAssignments) {
            int i = find(endpoints, ClusterLoadAssignment::getClusterName, added.getClusterName());
            if (i >= 0) {
                return null;
            }
            endpoints.add(-i - 1, added);
        }
        return new XdsResources(
                NameSortedList.of(clusters),
                NameSortedList.of(endpoints),
                group.listeners(),
                group.routes(),
                group.secrets(),
                group.problems(),
                reindexed.isEmpty() ? group.index() : reindexed(group.index(), reindexed));
    }

    /** The index with each replaced unit's entries swapped for its replacement's. */
    private static XdsIndex reindexed(XdsIndex index, List<XdsIndex[]> swaps) {
        TreeMap<String, String> eds = new TreeMap<>(index.edsServiceNames());
        SortedMap<String, SortedMap<String, ResourceKey>> sources = new TreeMap<>(index.sources());
        for (XdsIndex[] swap : swaps) {
            swap[0].edsServiceNames().keySet().forEach(eds::remove);
            eds.putAll(swap[1].edsServiceNames());
            swap[0].sources()
                    .forEach((type, byName) -> edit(sources, type).keySet().removeAll(byName.keySet()));
            swap[1].sources().forEach((type, byName) -> edit(sources, type).putAll(byName));
        }
        sources.values().removeIf(Map::isEmpty);
        sources.replaceAll((type, byName) ->
                byName instanceof TreeMap<String, ResourceKey> edited ? FrozenSortedMap.adopt(edited) : byName);
        return new XdsIndex(sources, FrozenSortedMap.adopt(eds));
    }

    private static SortedMap<String, ResourceKey> edit(
            Map<String, SortedMap<String, ResourceKey>> sources, String type) {
        SortedMap<String, ResourceKey> byName = sources.get(type);
        if (!(byName instanceof TreeMap<String, ResourceKey>)) {
            byName = byName == null ? new TreeMap<>() : new TreeMap<>(byName);
            sources.put(type, byName);
        }
        return byName;
    }

    /** Binary search in a list sorted by name: the index, or {@code -(insertion point) - 1}. */
    private static <T> int find(List<T> sorted, Function<T, String> name, String wanted) {
        int low = 0;
        int high = sorted.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = name.apply(sorted.get(mid)).compareTo(wanted);
            if (order < 0) {
                low = mid + 1;
            } else if (order > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    private static Set<String> names(List<Cluster> clusters) {
        return clusters.stream().map(Cluster::getName).filter(Objects::nonNull).collect(Collectors.toSet());
    }
}
