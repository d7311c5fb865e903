package dev.spillway.server.xds;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.snapshot.SnapshotChange;
import dev.spillway.snapshot.XdsType;
import java.util.AbstractSet;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streams' subscriptions, by group, type and subscription: so a new snapshot wakes only the streams subscribed
 * to a name it changed. Proxies of a group mostly subscribe to the very same names, so equal subscriptions are
 * kept once ({@link #subscribe} returns the shared copy): a thousand streams naming ten thousand clusters hold
 * one set, and a change is matched against each distinct subscription once. Thread-safe.
 */
final class SubscriptionIndex {
    /**
     * What a stream wants of a type: every resource (a wildcard subscription), and the names subscribed to
     * besides. Shared by every stream with the same subscription; its names iterate in order and are looked up by
     * hash (a subscription may hold ten thousand names, each looked up on every response).
     */
    static final class Interest {
        static final Interest NONE = new Interest(false, List.of());

        private final boolean all;
        private final Names names;

        private Interest(boolean all, List<String> sortedDistinct) {
            this.all = all;
            this.names = new Names(sortedDistinct);
        }

        static Interest of(boolean all, Collection<String> names) {
            return new Interest(all, List.copyOf(new TreeSet<>(names)));
        }

        boolean all() {
            return all;
        }

        /** The names subscribed to besides the wildcard: in order, unmodifiable. */
        Set<String> names() {
            return names;
        }

        boolean wants(String name) {
            return all || names.contains(name);
        }

        /**
         * True when this is the subscription to exactly {@code requested} and all. Looked up name by name, nothing
         * copied: a thousand proxies subscribing to the same ten thousand names each find the shared copy without
         * building a set of their own.
         */
        boolean is(boolean all, Collection<String> requested) {
            return this.all == all && names.size() == requested.size() && names.holdsEach(requested);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Interest other
                    && all == other.all
                    && names.hashCode() == other.names.hashCode()
                    && names.sorted.equals(other.names.sorted);
        }

        @Override
        public int hashCode() {
            return 31 * names.hashCode() + Boolean.hashCode(all);
        }

        @Override
        public String toString() {
            return (all ? "* + " : "") + names.size() + " names";
        }
    }

    /** Names in order, looked up by hash; the hash code (a set's: the sum of the names') computed once. */
    private static final class Names extends AbstractSet<String> {
        private final List<String> sorted;
        /** Each name's place in {@link #sorted}. */
        private final Map<String, Integer> positions;

        private final int hash;

        Names(List<String> sorted) {
            this.sorted = sorted;
            this.positions = new HashMap<>(sorted.size() * 4 / 3 + 1);
            for (int i = 0; i < sorted.size(); i++) {
                positions.put(sorted.get(i), i);
            }
            this.hash = sorted.stream().mapToInt(String::hashCode).sum();
        }

        @Override
        public boolean contains(Object name) {
            return positions.containsKey(name);
        }

        /** True when {@code requested}, as many names as these, holds each of them once. */
        boolean holdsEach(Collection<String> requested) {
            BitSet seen = new BitSet(sorted.size());
            for (String name : requested) {
                Integer at = positions.get(name);
                if (at == null || seen.get(at)) {
                    return false;
                }
                seen.set(at);
            }
            return true;
        }

        @Override
        public Iterator<String> iterator() {
            return sorted.iterator();
        }

        @Override
        public int size() {
            return sorted.size();
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record Key(ProxyGroup group, XdsType type) {}

    /** One distinct subscription and the streams that have it. */
    private static final class Subscribers {
        final Interest interest;
        final Set<AdsStream<?, ?, ?>> streams = ConcurrentHashMap.newKeySet();

        Subscribers(Interest interest) {
            this.interest = interest;
        }
    }

    private final Map<Key, Map<Interest, Subscribers>> index = new ConcurrentHashMap<>();

    /**
     * Moves the stream's subscription of the type from {@code before} (as returned earlier, or {@link
     * Interest#NONE}) to {@code all} and {@code names}.
     *
     * @return the shared copy of the new subscription
     */
    Interest subscribe(
            AdsStream<?, ?, ?> stream, XdsType type, Interest before, boolean all, Collection<String> names) {
        if (before != null && before.all() == all && sameNames(before.names(), names)) {
            return before;
        }
        Map<Interest, Subscribers> byInterest =
                index.computeIfAbsent(new Key(stream.group(), type), k -> new ConcurrentHashMap<>());
        Interest wanted = existing(byInterest, all, names);
        if (wanted.equals(before)) {
            return before;
        }
        // Added before it is removed from the old one: a concurrent publish always finds the stream somewhere.
        Subscribers now = byInterest.compute(wanted, (i, s) -> {
            Subscribers subscribers = s != null ? s : new Subscribers(i);
            subscribers.streams.add(stream);
            return subscribers;
        });
        leave(byInterest, before, stream);
        return now.interest;
    }

    /**
     * The shared copy of the subscription when another stream already has it (found without sorting the names: a
     * group's proxies mostly subscribe to the same ones), else a new one.
     */
    private static Interest existing(Map<Interest, Subscribers> byInterest, boolean all, Collection<String> names) {
        for (Interest known : byInterest.keySet()) {
            if (known.is(all, names)) {
                return known;
            }
        }
        return Interest.of(all, names);
    }

    /** Forgets a closed stream. */
    void remove(AdsStream<?, ?, ?> stream, XdsType type, Interest interest) {
        Map<Interest, Subscribers> byInterest = index.get(new Key(stream.group(), type));
        if (byInterest != null) {
            leave(byInterest, interest, stream);
        }
    }

    /** The streams of the change's group subscribed to a name it changed, or to a type whose version changed. */
    Set<AdsStream<?, ?, ?>> concerned(SnapshotChange change) {
        Set<AdsStream<?, ?, ?>> woken = new HashSet<>();
        for (XdsType type : XdsType.values()) {
            Map<Interest, Subscribers> byInterest =
                    index.get(new Key(change.next().group(), type));
            if (byInterest == null || !change.versionChanged(type)) {
                continue;
            }
            Set<String> changed = change.changed(type);
            for (Subscribers s : byInterest.values()) {
                if (s.interest.all() || !type.namedByClient() || anyOf(changed, s.interest.names())) {
                    woken.addAll(s.streams);
                }
            }
        }
        return woken;
    }

    /** The number of distinct subscriptions of a type in a group (for tests). */
    int distinct(ProxyGroup group, XdsType type) {
        Map<Interest, Subscribers> byInterest = index.get(new Key(group, type));
        return byInterest == null ? 0 : byInterest.size();
    }

    /**
     * True when a request names exactly the subscribed names: most requests are ACKs repeating them, so this is
     * checked without sorting (in one pass when they come in order).
     */
    private static boolean sameNames(Set<String> subscribed, Collection<String> requested) {
        if (requested.size() != subscribed.size()) {
            return false;
        }
        Iterator<String> mine = subscribed.iterator();
        boolean inOrder = true;
        for (String name : requested) {
            if (!name.equals(mine.next())) {
                inOrder = false;
                break;
            }
        }
        if (inOrder) {
            return true;
        }
        Set<String> distinct = new HashSet<>(requested);
        return distinct.size() == subscribed.size() && distinct.containsAll(subscribed);
    }

    private static boolean anyOf(Set<String> changed, Set<String> names) {
        for (String name : changed) {
            if (names.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static void leave(Map<Interest, Subscribers> byInterest, Interest interest, AdsStream<?, ?, ?> stream) {
        if (interest == null || interest == Interest.NONE) {
            return;
        }
        byInterest.computeIfPresent(interest, (i, s) -> {
            s.streams.remove(stream);
            return s.streams.isEmpty() ? null : s;
        });
    }
}
