package dev.spillway.translator.resolve;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;

/** Parts of an inventory found without reading all of it: its entries are sorted by cluster, then kind. */
final class InventoryRanges {
    /** Sorts after every namespace (namespaces are DNS labels). */
    private static final String LAST = "\uffff";

    private InventoryRanges() {}

    /** The entries of one kind in one cluster. */
    static Collection<Inventory.Entry> of(Inventory inventory, String cluster, Kind kind) {
        return inventory
                .entries()
                .subMap(new ResourceKey(kind, cluster, "", ""), new ResourceKey(kind, cluster, LAST, ""))
                .values();
    }

    /** The clusters that have entries, in order. */
    static List<String> clusters(Inventory inventory) {
        List<String> clusters = new ArrayList<>();
        SortedMap<ResourceKey, Inventory.Entry> rest = inventory.entries();
        while (!rest.isEmpty()) {
            String cluster = rest.firstKey().cluster();
            clusters.add(cluster);
            rest = rest.tailMap(new ResourceKey(Kind.values()[0], cluster + "\u0000", "", ""));
        }
        return clusters;
    }
}
