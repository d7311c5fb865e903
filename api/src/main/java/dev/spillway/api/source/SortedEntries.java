package dev.spillway.api.source;

import dev.spillway.api.model.ResourceKey;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Entries in any order as a read-only sorted map, sorted once as an array. A {@code TreeMap} built from it
 * links its nodes in one linear pass ({@code TreeMap(SortedMap)}), where inserting entry by entry would
 * search and rebalance the tree for each one: at 10,000 entries, a source's every reconcile.
 */
final class SortedEntries extends AbstractMap<ResourceKey, Inventory.Entry>
        implements SortedMap<ResourceKey, Inventory.Entry> {
    private final List<Map.Entry<ResourceKey, Inventory.Entry>> sorted;

    private SortedEntries(List<Map.Entry<ResourceKey, Inventory.Entry>> sorted) {
        this.sorted = sorted;
    }

    /** The entries by key; of entries with equal keys the last one given wins, as {@code put} would have it. */
    static SortedMap<ResourceKey, Inventory.Entry> of(Collection<Inventory.Entry> entries) {
        List<Inventory.Entry> byKey = new ArrayList<>(entries);
        byKey.sort(Comparator.comparing(Inventory.Entry::key)); // stable: equal keys keep their order
        List<Map.Entry<ResourceKey, Inventory.Entry>> unique = new ArrayList<>(byKey.size());
        for (Inventory.Entry e : byKey) {
            int last = unique.size() - 1;
            if (last >= 0 && unique.get(last).getKey().equals(e.key())) {
                unique.set(last, Map.entry(e.key(), e));
            } else {
                unique.add(Map.entry(e.key(), e));
            }
        }
        return new SortedEntries(unique);
    }

    @Override
    public Set<Map.Entry<ResourceKey, Inventory.Entry>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<ResourceKey, Inventory.Entry>> iterator() {
                return java.util.Collections.unmodifiableList(sorted).iterator();
            }

            @Override
            public int size() {
                return sorted.size();
            }
        };
    }

    @Override
    public int size() {
        return sorted.size();
    }

    /** Natural order, as {@link ResourceKey#compareTo} sorts: what {@code new TreeMap<>()} uses. */
    @Override
    public Comparator<? super ResourceKey> comparator() {
        return null;
    }

    @Override
    public ResourceKey firstKey() {
        if (sorted.isEmpty()) {
            throw new java.util.NoSuchElementException();
        }
        return sorted.get(0).getKey();
    }

    @Override
    public ResourceKey lastKey() {
        if (sorted.isEmpty()) {
            throw new java.util.NoSuchElementException();
        }
        return sorted.get(sorted.size() - 1).getKey();
    }

    @Override
    public SortedMap<ResourceKey, Inventory.Entry> subMap(ResourceKey fromKey, ResourceKey toKey) {
        return new java.util.TreeMap<>(this).subMap(fromKey, toKey);
    }

    @Override
    public SortedMap<ResourceKey, Inventory.Entry> headMap(ResourceKey toKey) {
        return new java.util.TreeMap<>(this).headMap(toKey);
    }

    @Override
    public SortedMap<ResourceKey, Inventory.Entry> tailMap(ResourceKey fromKey) {
        return new java.util.TreeMap<>(this).tailMap(fromKey);
    }
}
