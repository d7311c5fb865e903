package dev.spillway.translator.model;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Comparator;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An unmodifiable sorted copy that is not copied again: records that keep sorted maps copy what they are
 * given unless it is one of these, so a translation that keeps most of the previous one's maps does not
 * pay for copying them.
 */
public final class FrozenSortedMap<K, V> extends AbstractMap<K, V> implements SortedMap<K, V> {
    private final SortedMap<K, V> map;

    private FrozenSortedMap(SortedMap<K, V> map) {
        this.map = Collections.unmodifiableSortedMap(map);
    }

    /** The map itself when frozen already, else a frozen copy. */
    public static <K, V> SortedMap<K, V> of(SortedMap<K, V> map) {
        return map instanceof FrozenSortedMap<K, V> ? map : new FrozenSortedMap<>(new TreeMap<>(map));
    }

    /** Freezes a map its caller has just built and hands over: nobody may change it afterwards. */
    public static <K, V> SortedMap<K, V> adopt(TreeMap<K, V> map) {
        return new FrozenSortedMap<>(map);
    }

    @Override
    public V get(Object key) {
        return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return map.entrySet();
    }

    @Override
    public Comparator<? super K> comparator() {
        return map.comparator();
    }

    @Override
    public SortedMap<K, V> subMap(K fromKey, K toKey) {
        return map.subMap(fromKey, toKey);
    }

    @Override
    public SortedMap<K, V> headMap(K toKey) {
        return map.headMap(toKey);
    }

    @Override
    public SortedMap<K, V> tailMap(K fromKey) {
        return map.tailMap(fromKey);
    }

    @Override
    public K firstKey() {
        return map.firstKey();
    }

    @Override
    public K lastKey() {
        return map.lastKey();
    }

    @Override
    public Set<K> keySet() {
        return map.keySet();
    }

    @Override
    public java.util.Collection<V> values() {
        return map.values();
    }
}
