package dev.spillway.translator.xds;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.translator.model.FrozenSortedMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a group's Envoy resources say about themselves, so nobody downstream reads the protos to find
 * it: the user resource each one comes from, and each cluster's EDS service name.
 *
 * @param sources         by xDS type URL ({@code type.googleapis.com/envoy.config.cluster.v3.Cluster}), the
 *                        user resource each Envoy resource of that type comes from, by Envoy resource name:
 *                        the one whose status carries what goes wrong with it. A route configuration of
 *                        several VirtualServices comes from its Gateway. Secrets have no entry: an SDS
 *                        secret may serve several resources.
 * @param edsServiceNames every cluster's EDS service name (its ClusterLoadAssignment's name), by cluster name
 */
public record XdsIndex(
        SortedMap<String, SortedMap<String, ResourceKey>> sources, SortedMap<String, String> edsServiceNames) {
    public XdsIndex {
        SortedMap<String, SortedMap<String, ResourceKey>> copy = new TreeMap<>();
        sources.forEach((type, byName) -> copy.put(type, FrozenSortedMap.of(byName)));
        sources = FrozenSortedMap.of(copy);
        edsServiceNames = FrozenSortedMap.of(edsServiceNames);
    }

    static final XdsIndex EMPTY = new XdsIndex(new TreeMap<>(), new TreeMap<>());

    /** The user resource the named Envoy resource of the type comes from, or null when none is known. */
    public ResourceKey sourceOf(String typeUrl, String resourceName) {
        return sources.getOrDefault(typeUrl, Collections.emptySortedMap()).get(resourceName);
    }

    /** Collects a unit's entries, and merges units. */
    static final class Builder {
        private final Map<String, SortedMap<String, ResourceKey>> sources = new HashMap<>();
        private final SortedMap<String, String> edsServiceNames = new TreeMap<>();

        Builder source(String typeUrl, String resourceName, ResourceKey source) {
            if (source != null) {
                sources.computeIfAbsent(typeUrl, t -> new TreeMap<>()).put(resourceName, source);
            }
            return this;
        }

        Builder edsServiceName(String cluster, String serviceName) {
            edsServiceNames.put(cluster, serviceName);
            return this;
        }

        Builder add(XdsIndex index) {
            index.sources().forEach((type, byName) -> byName.forEach((name, key) -> source(type, name, key)));
            edsServiceNames.putAll(index.edsServiceNames());
            return this;
        }

        XdsIndex build() {
            return new XdsIndex(new TreeMap<>(sources), edsServiceNames);
        }
    }
}
