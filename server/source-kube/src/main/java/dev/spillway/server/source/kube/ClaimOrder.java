package dev.spillway.server.source.kube;

import dev.spillway.api.model.Claims;
import dev.spillway.api.model.Resource;
import dev.spillway.api.source.Inventory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Since when each resource holds its {@link Claims}: what a cluster's first list shows is held from 0 (its
 * creation time then decides between holders, as Kubernetes orders objects), a claim an object gains later,
 * created or edited onto it, from the next order on. One counter for every cluster this process watches, so
 * the orders compare across clusters.
 */
final class ClaimOrder {
    private static final AtomicLong LAST = new AtomicLong();

    private ClaimOrder() {}

    /**
     * @param entry    the entry just decoded
     * @param previous the entry the object yielded before, or null
     * @param listed   true while the cluster's first list is read
     */
    static Inventory.Entry stamped(Inventory.Entry entry, Inventory.Entry previous, boolean listed) {
        Resource before = previous == null ? null : previous.resource();
        if (entry.resource() == null || entry.resource() == before) {
            return entry;
        }
        Resource stamped = Claims.stamped(entry.resource(), before, listed ? 0 : LAST.incrementAndGet());
        return stamped == entry.resource()
                ? entry
                : new Inventory.Entry(entry.key(), stamped, entry.status(), entry.origin());
    }
}
