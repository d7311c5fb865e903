package dev.spillway.server.xds;

import dev.spillway.api.model.ProxyGroup;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The open streams, by group (to push new snapshots), plus what all of them sent. Thread-safe. */
final class StreamRegistry {
    private final Set<AdsStream<?, ?, ?>> all = ConcurrentHashMap.newKeySet();
    private final Map<ProxyGroup, Set<AdsStream<?, ?, ?>>> byGroup = new ConcurrentHashMap<>();
    private final LongAdder responses = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    /** A stream was opened; it has no group yet. */
    void opened(AdsStream<?, ?, ?> stream) {
        all.add(stream);
    }

    /** The stream identified its proxy. */
    void identified(AdsStream<?, ?, ?> stream) {
        byGroup.computeIfAbsent(stream.group(), g -> ConcurrentHashMap.newKeySet())
                .add(stream);
    }

    void closed(AdsStream<?, ?, ?> stream) {
        all.remove(stream);
        if (stream.group() != null) {
            byGroup.computeIfPresent(stream.group(), (g, set) -> {
                set.remove(stream);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** The group's identified streams. */
    List<AdsStream<?, ?, ?>> streamsOf(ProxyGroup group) {
        Set<AdsStream<?, ?, ?>> set = byGroup.get(group);
        return set == null ? List.of() : List.copyOf(set);
    }

    List<AdsStream<?, ?, ?>> all() {
        return List.copyOf(all);
    }

    void sent(int responseBytes) {
        responses.increment();
        bytes.add(responseBytes);
    }

    SortedMap<StreamKey, Integer> counts() {
        SortedMap<StreamKey, Integer> counts = new TreeMap<>();
        byGroup.values()
                .forEach(set ->
                        set.forEach(s -> counts.merge(new StreamKey(s.group(), s.protocol()), 1, Integer::sum)));
        return counts;
    }

    long responses() {
        return responses.sum();
    }

    long bytes() {
        return bytes.sum();
    }
}
