package dev.spillway.server.xds;

import dev.spillway.server.xds.SubscriptionIndex.Interest;
import dev.spillway.snapshot.PreparedResource;
import dev.spillway.snapshot.ResourceChanges;
import dev.spillway.snapshot.TypeSnapshot;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * What a delta client holds of one type, name to version. A client brought up to a snapshot holds that snapshot's
 * version of every resource it subscribes to, so the map is kept as that snapshot and subscription, both shared by
 * every stream at them, plus this stream's own differences: usually none. A thousand streams holding ten thousand
 * resources each then keep one copy of the versions, not a thousand.
 *
 * <p>A difference mapping a name to null says the client does not hold it although the base would.
 */
final class HeldVersions {
    private TypeSnapshot base;
    private Interest baseInterest = Interest.NONE;
    private Map<String, String> differences = Map.of();

    /** The version the client holds, or null. */
    String get(String name) {
        if (differences.containsKey(name)) {
            return differences.get(name);
        }
        return baseVersion(base, baseInterest, name);
    }

    /** True when the client holds nothing of the type: nothing was sent to it nor named by it. */
    boolean isEmpty() {
        return base == null && differences.isEmpty();
    }

    /** The client, holding nothing before, now holds every resource of the snapshot the subscription wants. */
    void holdEvery(TypeSnapshot snapshot, Interest interest) {
        if (!isEmpty()) {
            throw new IllegalStateException("already holds resources");
        }
        base = snapshot;
        baseInterest = interest;
    }

    /** How many resources of the snapshot the subscription wants. */
    static int viewSize(TypeSnapshot snapshot, Interest interest) {
        if (interest.all()) {
            return snapshot.resources().size();
        }
        int wanted = 0;
        for (String name : interest.names()) {
            if (snapshot.resources().containsKey(name)) {
                wanted++;
            }
        }
        return wanted;
    }

    boolean containsKey(String name) {
        return get(name) != null;
    }

    void put(String name, String version) {
        set(name, Objects.requireNonNull(version));
    }

    void remove(String name) {
        set(name, null);
    }

    private void set(String name, String version) {
        if (Objects.equals(version, baseVersion(base, baseInterest, name))) {
            if (differences.containsKey(name)) {
                differences.remove(name);
            }
            return;
        }
        if (differences.isEmpty()) {
            differences = new HashMap<>();
        }
        differences.put(name, version);
    }

    /** Every held name and version, the base's first. */
    void forEach(BiConsumer<String, String> action) {
        for (String name : viewNames(base, baseInterest)) {
            if (!differences.containsKey(name)) {
                action.accept(name, baseVersion(base, baseInterest, name));
            }
        }
        differences.forEach((name, version) -> {
            if (version != null) {
                action.accept(name, version);
            }
        });
    }

    /** How many names this stream holds otherwise than its base says (for tests). */
    int differences() {
        return differences.size();
    }

    /** A copy, in name order (for tests and logs). */
    Map<String, String> asMap() {
        Map<String, String> all = new TreeMap<>();
        forEach(all::put);
        return all;
    }

    /**
     * The same held versions, kept against another base: after a response brought the client up to {@code next}
     * for {@code interest}, the differences shrink to what the response did not cover (usually nothing).
     */
    void rebase(TypeSnapshot next, Interest interest) {
        if (next == base && interest == baseInterest) {
            return;
        }
        Map<String, String> kept = new HashMap<>();
        differences.forEach((name, version) -> {
            if (!Objects.equals(version, baseVersion(next, interest, name))) {
                kept.put(name, version);
            }
        });
        if (base != null && interest == baseInterest) {
            // Only names whose resource changed between the bases can be seen differently through them.
            for (String name : ResourceChanges.between(base, next)) {
                carry(name, next, interest, kept);
            }
        } else {
            for (String name : viewNames(base, baseInterest)) {
                carry(name, next, interest, kept);
            }
            for (String name : viewNames(next, interest)) {
                carry(name, next, interest, kept);
            }
        }
        base = next;
        baseInterest = interest;
        differences = kept.isEmpty() ? Map.of() : kept;
    }

    /** Keeps what the client holds of a name not already a difference, as a difference from the next base. */
    private void carry(String name, TypeSnapshot next, Interest interest, Map<String, String> kept) {
        if (differences.containsKey(name)) {
            return;
        }
        String held = baseVersion(base, baseInterest, name);
        if (!Objects.equals(held, baseVersion(next, interest, name))) {
            kept.put(name, held);
        }
    }

    private static String baseVersion(TypeSnapshot snapshot, Interest interest, String name) {
        if (snapshot == null || !interest.wants(name)) {
            return null;
        }
        PreparedResource r = snapshot.resources().get(name);
        return r == null ? null : r.version();
    }

    private static Collection<String> viewNames(TypeSnapshot snapshot, Interest interest) {
        if (snapshot == null) {
            return java.util.List.of();
        }
        if (interest.all()) {
            return snapshot.resources().keySet();
        }
        return interest.names().stream()
                .filter(snapshot.resources()::containsKey)
                .toList();
    }
}
