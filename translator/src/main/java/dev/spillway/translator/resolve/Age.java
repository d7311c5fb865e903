package dev.spillway.translator.resolve;

import dev.spillway.api.model.Resource;
import java.util.Comparator;

/**
 * Oldest first: when two resources claim the same thing (a name, a port, a domain, an Envoy name), the
 * one that was there first keeps it and the newcomer is Rejected, the same way every time. In file mode
 * that is the order the source first read each resource ({@code metadata.seen}: everything present at
 * start-up ties at 0); then the creation time (Kubernetes), resources without one after timed ones; then
 * identity order.
 */
final class Age {
    private Age() {}

    static <T extends Resource> Comparator<T> oldestFirst() {
        return Comparator.<T>comparingLong(r -> r.meta().seen())
                .thenComparing(r ->
                        r.meta().creationTimestamp().isEmpty() ? "~" : r.meta().creationTimestamp())
                .thenComparing(Resource::key);
    }
}
