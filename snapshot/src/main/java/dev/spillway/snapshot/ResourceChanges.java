package dev.spillway.snapshot;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The names whose resource differs between two snapshots of a type: added, changed (another version) or removed.
 * Every stream that last sent the same snapshot asks for the same difference, so the latest few are kept (by the
 * snapshots' identity, weakly): a change is diffed once, not once per stream.
 */
public final class ResourceChanges {
    private static final int KEPT = 8;

    private record Entry(WeakReference<TypeSnapshot> older, WeakReference<TypeSnapshot> newer, Set<String> names) {}

    private static final Entry[] LATEST = new Entry[KEPT];
    private static int next;

    private ResourceChanges() {}

    /** The names that differ; every name of {@code newer} when {@code older} is null. Sorted, unmodifiable. */
    public static Set<String> between(TypeSnapshot older, TypeSnapshot newer) {
        if (older == newer) {
            return Set.of();
        }
        if (older == null) {
            return Collections.unmodifiableSortedSet(
                    new TreeSet<>(newer.resources().keySet()));
        }
        Set<String> kept = lookup(older, newer);
        if (kept != null) {
            return kept;
        }
        Set<String> names = Collections.unmodifiableSortedSet(diff(older.resources(), newer.resources()));
        remember(new Entry(new WeakReference<>(older), new WeakReference<>(newer), names));
        return names;
    }

    private static TreeSet<String> diff(
            SortedMap<String, PreparedResource> older, SortedMap<String, PreparedResource> newer) {
        TreeSet<String> names = new TreeSet<>();
        if (older instanceof IndexedResources x
                && newer instanceof IndexedResources y
                && IndexedResources.sameNames(x, y)) {
            // The same names in the same order (an endpoint change): position by position.
            for (int i = 0; i < x.size(); i++) {
                if (x.at(i) != y.at(i) && !x.at(i).version().equals(y.at(i).version())) {
                    names.add(x.at(i).name());
                }
            }
            return names;
        }
        // A merge walk over both sorted maps: one pass, no lookups.
        Iterator<Map.Entry<String, PreparedResource>> a = older.entrySet().iterator();
        Iterator<Map.Entry<String, PreparedResource>> b = newer.entrySet().iterator();
        Map.Entry<String, PreparedResource> x = a.hasNext() ? a.next() : null;
        Map.Entry<String, PreparedResource> y = b.hasNext() ? b.next() : null;
        while (x != null || y != null) {
            int order = x == null ? 1 : y == null ? -1 : x.getKey().compareTo(y.getKey());
            if (order < 0) {
                names.add(x.getKey());
                x = a.hasNext() ? a.next() : null;
            } else if (order > 0) {
                names.add(y.getKey());
                y = b.hasNext() ? b.next() : null;
            } else {
                if (x.getValue() != y.getValue()
                        && !Objects.equals(x.getValue().version(), y.getValue().version())) {
                    names.add(x.getKey());
                }
                x = a.hasNext() ? a.next() : null;
                y = b.hasNext() ? b.next() : null;
            }
        }
        return names;
    }

    private static synchronized Set<String> lookup(TypeSnapshot older, TypeSnapshot newer) {
        for (Entry e : LATEST) {
            if (e != null && e.older().get() == older && e.newer().get() == newer) {
                return e.names();
            }
        }
        return null;
    }

    private static synchronized void remember(Entry entry) {
        LATEST[next] = entry;
        next = (next + 1) % KEPT;
    }
}
