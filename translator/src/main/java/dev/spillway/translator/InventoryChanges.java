package dev.spillway.translator;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The keys whose entries differ between two inventories of the same resources. */
final class InventoryChanges {
    private InventoryChanges() {}

    /** The changed keys; null when a resource was added or removed, or a failover gateway moved. */
    static Set<ResourceKey> changed(Inventory before, Inventory after) {
        if (before.entries().size() != after.entries().size()
                || !before.gatewayAddresses().equals(after.gatewayAddresses())) {
            return null;
        }
        Set<ResourceKey> changed = new TreeSet<>();
        Iterator<Map.Entry<ResourceKey, Inventory.Entry>> was =
                before.entries().entrySet().iterator();
        for (Map.Entry<ResourceKey, Inventory.Entry> now : after.entries().entrySet()) {
            Map.Entry<ResourceKey, Inventory.Entry> old = was.next();
            if (!old.getKey().equals(now.getKey())) {
                return null;
            }
            // Sources hand over the same entry instances for what they did not read again.
            if (old.getValue() != now.getValue() && !old.getValue().equals(now.getValue())) {
                changed.add(now.getKey());
            }
        }
        return changed;
    }
}
