package dev.spillway.api.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.ResourceStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InventoryTest {
    private static Inventory.Entry entry(Kind kind, String cluster, String name, String origin) {
        return new Inventory.Entry(
                new ResourceKey(kind, cluster, "gloo-system", name), null, ResourceStatus.ACCEPTED, origin);
    }

    @Test
    void entriesInAnyOrderAreSortedByKeyAndTheLastOfEqualKeysWins() {
        List<Inventory.Entry> given = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            given.add(entry(Kind.UPSTREAM, i % 2 == 0 ? "local" : "remote", "u-" + i, "first"));
            given.add(entry(Kind.VIRTUAL_SERVICE, "local", "vs-" + i, "first"));
        }
        Collections.shuffle(given, new Random(7));
        given.add(entry(Kind.UPSTREAM, "local", "u-42", "second"));
        TreeMap<ResourceKey, Inventory.Entry> putOneByOne = new TreeMap<>();
        given.forEach(e -> putOneByOne.put(e.key(), e));

        Inventory inventory = Inventory.of(given);

        assertThat(inventory.entries()).containsExactlyEntriesOf(putOneByOne).hasSize(1000);
        assertThat(inventory
                        .entries()
                        .get(new ResourceKey(Kind.UPSTREAM, "local", "gloo-system", "u-42"))
                        .origin())
                .isEqualTo("second");
        assertThat(inventory.entries().firstKey().cluster()).isEqualTo("local");
    }

    @Test
    void noEntriesMakeAnEmptyInventory() {
        assertThat(Inventory.of(List.of()).entries()).isEmpty();
    }
}
