package dev.spillway.translator.xds;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/** An unmodifiable list already sorted by resource name, which {@link XdsResources} does not sort again. */
final class NameSortedList<T> extends AbstractList<T> implements RandomAccess {
    private final List<T> items;

    private NameSortedList(List<T> items) {
        this.items = List.copyOf(items);
    }

    /** A copy of a list its maker keeps sorted by name. */
    static <T> List<T> of(List<T> sorted) {
        return sorted instanceof NameSortedList<T> ? sorted : new NameSortedList<>(sorted);
    }

    @Override
    public T get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
