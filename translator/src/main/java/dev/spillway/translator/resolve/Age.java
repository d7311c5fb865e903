package dev.spillway.translator.resolve;

import dev.spillway.api.model.Resource;
import java.util.Comparator;

/**
 * Oldest first: when two resources claim the same thing, the one that was there first keeps it, the
 * same way every time. Resources without a creation time (file mode) come after timed ones, in
 * identity order.
 */
final class Age {
    private Age() {}

    static <T extends Resource> Comparator<T> oldestFirst() {
        return Comparator.<T, String>comparing(r ->
                        r.meta().creationTimestamp().isEmpty() ? "~" : r.meta().creationTimestamp())
                .thenComparing(Resource::key);
    }
}
