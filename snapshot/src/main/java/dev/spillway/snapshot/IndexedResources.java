package dev.spillway.snapshot;

import dev.spillway.api.ContentHash;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A type's resources by name, unmodifiable: iterated in name order (responses, versions and dumps are
 * deterministic), looked up by hash. Streams look names up by the ten thousand (each EDS subscription on its first
 * response, each partial response), which a tree map answers with a dozen string comparisons per name.
 *
 * <p>Held as arrays in name order with a map from name to position. A snapshot of the same names as the one before
 * (an endpoint change: one assignment replaced among ten thousand) shares that one's names and positions and copies
 * only the array of values, so building it costs no hashing and no sorting.
 */
final class IndexedResources extends AbstractMap<String, PreparedResource>
        implements SortedMap<String, PreparedResource> {
    private final String[] names;
    private final PreparedResource[] values;
    private final Map<String, Integer> positions;
    /** The hash of each {@link #BLOCK} resources' lines of the version text (see {@link #versionText}). */
    private final String[] blocks;
    /** For the rarely used range views, made on first use. */
    private volatile SortedMap<String, PreparedResource> sorted;

    /** Resources per block of the version text. */
    static final int BLOCK = 64;

    private IndexedResources(
            String[] names, PreparedResource[] values, Map<String, Integer> positions, String[] blocks) {
        this.names = names;
        this.values = values;
        this.positions = positions;
        this.blocks = blocks;
    }

    private IndexedResources(String[] names, PreparedResource[] values, Map<String, Integer> positions) {
        this(names, values, positions, blocks(values, null));
    }

    /** The entries of any map, sorted by name. */
    IndexedResources(Map<String, PreparedResource> resources) {
        this(inOrder(resources));
    }

    private IndexedResources(Map.Entry<String[], PreparedResource[]> inOrder) {
        this(inOrder.getKey(), inOrder.getValue(), positionsOf(inOrder.getKey()));
    }

    private static Map.Entry<String[], PreparedResource[]> inOrder(Map<String, PreparedResource> resources) {
        Map<String, PreparedResource> sortedMap =
                resources instanceof SortedMap<String, PreparedResource> s && s.comparator() == null
                        ? resources
                        : new TreeMap<>(resources);
        String[] names = new String[sortedMap.size()];
        PreparedResource[] values = new PreparedResource[names.length];
        int i = 0;
        for (Map.Entry<String, PreparedResource> e : sortedMap.entrySet()) {
            names[i] = e.getKey();
            values[i++] = e.getValue();
        }
        return Map.entry(names, values);
    }

    private static IndexedResources ofSorted(List<PreparedResource> inNameOrder) {
        String[] names = new String[inNameOrder.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = inNameOrder.get(i).name();
        }
        return new IndexedResources(names, inNameOrder.toArray(new PreparedResource[0]), positionsOf(names));
    }

    /**
     * Resources as listed by name (ascending, each name once, as the translator lists each type): when they have
     * exactly the names of {@code previous} in its order, the new map shares its names and positions. A list out of
     * order, or with a name twice, is sorted as a map would hold it (the last of a name wins).
     */
    static IndexedResources of(List<PreparedResource> byName, IndexedResources previous) {
        if (previous != null && previous.names.length == byName.size()) {
            PreparedResource[] values = new PreparedResource[byName.size()];
            boolean same = true;
            for (int i = 0; i < values.length && same; i++) {
                values[i] = byName.get(i);
                same = values[i].name().equals(previous.names[i]);
            }
            if (same) {
                return new IndexedResources(previous.names, values, previous.positions, blocks(values, previous));
            }
        }
        for (int i = 1; i < byName.size(); i++) {
            if (byName.get(i - 1).name().compareTo(byName.get(i).name()) >= 0) {
                TreeMap<String, PreparedResource> map = new TreeMap<>();
                byName.forEach(r -> map.put(r.name(), r));
                return new IndexedResources(map);
            }
        }
        return ofSorted(byName);
    }

    /** True when both hold the same names in the same order (for a map of the same names as the one before: O(1)). */
    static boolean sameNames(SortedMap<String, PreparedResource> a, SortedMap<String, PreparedResource> b) {
        if (a instanceof IndexedResources x && b instanceof IndexedResources y) {
            return x.names == y.names || Arrays.equals(x.names, y.names);
        }
        return List.copyOf(a.keySet()).equals(List.copyOf(b.keySet()));
    }

    /** The resource at a position of the name order. */
    PreparedResource at(int position) {
        return values[position];
    }

    /**
     * What a type's version hashes after its salt: the hash of each block of {@link #BLOCK} resources' lines
     * ({@code name=version}), in name order. A change of one resource among ten thousand hashes its block again and
     * the 157 block hashes, not the 600 KB of every line.
     */
    void versionText(ContentHash.Text text) {
        for (String block : blocks) {
            text.append(block).append("\n");
        }
    }

    /** Every block's hash; with {@code previous} of the same names, those of blocks with no value replaced kept. */
    private static String[] blocks(PreparedResource[] values, IndexedResources previous) {
        String[] blocks = previous == null ? new String[(values.length + BLOCK - 1) / BLOCK] : previous.blocks.clone();
        for (int b = 0; b < blocks.length; b++) {
            int from = b * BLOCK;
            int to = Math.min(values.length, from + BLOCK);
            if (previous != null && unchanged(values, previous.values, from, to)) {
                continue;
            }
            ContentHash.Text text = ContentHash.text();
            for (int i = from; i < to; i++) {
                text.append(values[i].name())
                        .append("=")
                        .append(values[i].version())
                        .append("\n");
            }
            blocks[b] = text.hash(64);
        }
        return blocks;
    }

    private static boolean unchanged(PreparedResource[] a, PreparedResource[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Integer> positionsOf(String[] names) {
        Map<String, Integer> positions = new HashMap<>(names.length * 4 / 3 + 1);
        for (int i = 0; i < names.length; i++) {
            positions.put(names[i], i);
        }
        return Collections.unmodifiableMap(positions);
    }

    @Override
    public PreparedResource get(Object name) {
        Integer position = positions.get(name);
        return position == null ? null : values[position];
    }

    @Override
    public boolean containsKey(Object name) {
        return positions.containsKey(name);
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Comparator<? super String> comparator() {
        return null;
    }

    private SortedMap<String, PreparedResource> sorted() {
        SortedMap<String, PreparedResource> s = sorted;
        if (s == null) {
            TreeMap<String, PreparedResource> map = new TreeMap<>();
            for (int i = 0; i < names.length; i++) {
                map.put(names[i], values[i]);
            }
            s = Collections.unmodifiableSortedMap(map);
            sorted = s;
        }
        return s;
    }

    @Override
    public SortedMap<String, PreparedResource> subMap(String fromKey, String toKey) {
        return sorted().subMap(fromKey, toKey);
    }

    @Override
    public SortedMap<String, PreparedResource> headMap(String toKey) {
        return sorted().headMap(toKey);
    }

    @Override
    public SortedMap<String, PreparedResource> tailMap(String fromKey) {
        return sorted().tailMap(fromKey);
    }

    @Override
    public String firstKey() {
        if (names.length == 0) {
            throw new NoSuchElementException();
        }
        return names[0];
    }

    @Override
    public String lastKey() {
        if (names.length == 0) {
            throw new NoSuchElementException();
        }
        return names[names.length - 1];
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return Collections.unmodifiableList(Arrays.asList(names)).iterator();
            }

            @Override
            public int size() {
                return names.length;
            }

            @Override
            public boolean contains(Object name) {
                return positions.containsKey(name);
            }
        };
    }

    @Override
    public Collection<PreparedResource> values() {
        return new AbstractList<>() {
            @Override
            public PreparedResource get(int index) {
                return values[index];
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    @Override
    public Set<Entry<String, PreparedResource>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, PreparedResource>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, PreparedResource> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
