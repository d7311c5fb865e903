package dev.spillway.translator.resolve;

import dev.spillway.api.model.Claims;
import dev.spillway.api.model.Resource;
import java.util.Comparator;
import java.util.function.Function;

/**
 * Oldest first: when two resources claim the same thing (a name, a port, a domain, an Envoy name), the
 * one that was there first keeps it and the newcomer is Rejected, the same way every time. For a
 * {@link Claims claim} that is since when each holds that claim ({@code metadata.claims}), so a resource
 * edited onto a claim another holds is the newcomer there; then, and for what no edit can change (names),
 * the order the source first read each resource ({@code metadata.seen}: everything present at start-up
 * ties at 0); then the creation time (Kubernetes), resources without one after timed ones; then identity
 * order.
 */
final class Age {
    private Age() {}

    static <T extends Resource> Comparator<T> oldestFirst() {
        return Comparator.<T>comparingLong(r -> r.meta().seen())
                .thenComparing(r ->
                        r.meta().creationTimestamp().isEmpty() ? "~" : r.meta().creationTimestamp())
                .thenComparing(Resource::key);
    }

    /** Oldest holder of the claim each resource makes ({@link Claims}) first. */
    static <T extends Resource> Comparator<T> oldestFirst(Function<? super T, String> claim) {
        return Comparator.<T>comparingLong(r -> r.meta().since(claim.apply(r))).thenComparing(oldestFirst());
    }

    /** Oldest first of claims made by resources of one kind: since when each is held, then its holder's age. */
    static <T extends Resource> Comparator<Held<T>> heldLongest() {
        return Comparator.<Held<T>>comparingLong(h -> h.holder().meta().since(h.claim()))
                .thenComparing(Held::holder, oldestFirst());
    }

    /**
     * One claim of one resource, with what the resolver needs to report a clash on it.
     *
     * @param index the claim's place in the holder's own list (the field index of a domain)
     */
    record Held<T extends Resource>(T holder, String claim, int index) {}
}
