package dev.spillway.snapshot;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A type's resources by name, unmodifiable: iterated in name order (responses, versions and dumps are
 * deterministic), looked up by hash. Streams look names up by the ten thousand (each EDS subscription on its first
 * response, each partial response), which a tree map answers with a dozen string comparisons per name.
 */
final class IndexedResources extends AbstractMap<String, PreparedResource>
        implements SortedMap<String, PreparedResource> {
    private final SortedMap<String, PreparedResource> sorted;
    private final Map<String, PreparedResource> byName;

    IndexedResources(Map<String, PreparedResource> resources) {
        this.sorted = Collections.unmodifiableSortedMap(new TreeMap<>(resources));
        this.byName = new HashMap<>(resources);
    }

    @Override
    public PreparedResource get(Object name) {
        return byName.get(name);
    }

    @Override
    public boolean containsKey(Object name) {
        return byName.containsKey(name);
    }

    @Override
    public int size() {
        return byName.size();
    }

    @Override
    public Comparator<? super String> comparator() {
        return sorted.comparator();
    }

    @Override
    public SortedMap<String, PreparedResource> subMap(String fromKey, String toKey) {
        return sorted.subMap(fromKey, toKey);
    }

    @Override
    public SortedMap<String, PreparedResource> headMap(String toKey) {
        return sorted.headMap(toKey);
    }

    @Override
    public SortedMap<String, PreparedResource> tailMap(String fromKey) {
        return sorted.tailMap(fromKey);
    }

    @Override
    public String firstKey() {
        return sorted.firstKey();
    }

    @Override
    public String lastKey() {
        return sorted.lastKey();
    }

    @Override
    public Set<String> keySet() {
        return sorted.keySet();
    }

    @Override
    public Collection<PreparedResource> values() {
        return sorted.values();
    }

    @Override
    public Set<Entry<String, PreparedResource>> entrySet() {
        return sorted.entrySet();
    }
}
