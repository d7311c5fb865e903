package dev.spillway.api.source;

import dev.spillway.api.model.GatewayAddress;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.ResourceStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable, sorted view of every resource of every cluster that a source has read, with the
 * status the source gave each one, and where each cluster's failover gateway is reached. What sources hand
 * to the translator.
 *
 * @param entries          every known resource by key, sorted
 * @param gatewayAddresses every cluster's failover gateway address, by {@link GatewayAddresses}
 */
public record Inventory(SortedMap<ResourceKey, Entry> entries, SortedMap<String, GatewayAddress> gatewayAddresses) {

    public static final Inventory EMPTY = new Inventory(new TreeMap<>());

    public Inventory {
        entries = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(entries));
        gatewayAddresses = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(gatewayAddresses));
    }

    /** The entries, with gateway addresses found as the file-directory source finds them. */
    public Inventory(SortedMap<ResourceKey, Entry> entries) {
        this(entries, GatewayAddresses.Environment.FILES);
    }

    private Inventory(SortedMap<ResourceKey, Entry> entries, GatewayAddresses.Environment environment) {
        this(entries, GatewayAddresses.of(resourcesOf(entries), environment));
    }

    /** Builds an inventory from entries in any order, its gateway addresses as the file-directory source finds them. */
    public static Inventory of(Collection<Entry> entries) {
        return of(entries, GatewayAddresses.Environment.FILES);
    }

    /** Builds an inventory from entries in any order, its gateway addresses found in the environment. */
    public static Inventory of(Collection<Entry> entries, GatewayAddresses.Environment environment) {
        return new Inventory(SortedEntries.of(entries), environment);
    }

    /** Where other clusters reach the cluster's failover gateway, or why they cannot. */
    public GatewayAddress gatewayAddress(String cluster) {
        GatewayAddress address = gatewayAddresses.get(cluster);
        return address != null
                ? address
                : GatewayAddresses.of(cluster, null, List.of(), GatewayAddresses.Environment.FILES);
    }

    private static List<Resource> resourcesOf(SortedMap<ResourceKey, Entry> entries) {
        return entries.values().stream()
                .map(Entry::resource)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /** The resources that take part in translation: the current or last good version of each. */
    public List<Resource> resources() {
        return resourcesOf(entries);
    }

    /** The source's status for every entry. */
    public Map<ResourceKey, ResourceStatus> statuses() {
        SortedMap<ResourceKey, ResourceStatus> map = new TreeMap<>();
        entries.forEach((k, e) -> map.put(k, e.status()));
        return map;
    }

    /**
     * One resource as the source knows it.
     *
     * @param key      identity
     * @param resource the current version, or the last good one when the current one is broken;
     *                 null when no good version was ever read
     * @param status   the source's status (schema problems of the current version)
     * @param origin   where it came from ({@code local/upstreams.yaml}), for messages
     * @param deletedAt null for a resource that exists; for a Secret deleted while a resource still names it
     *                  (see {@link SecretReferences}), when it was deleted: {@code resource} is then its last
     *                  known version, which keeps being served until it is recreated or no longer named
     */
    public record Entry(
            ResourceKey key, Resource resource, ResourceStatus status, String origin, java.time.Instant deletedAt) {

        /** An entry of a resource that exists. */
        public Entry(ResourceKey key, Resource resource, ResourceStatus status, String origin) {
            this(key, resource, status, origin, null);
        }

        /** This entry with another status. */
        public Entry withStatus(ResourceStatus newStatus) {
            return new Entry(key, resource, newStatus, origin, deletedAt);
        }
    }
}
