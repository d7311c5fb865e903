package dev.spillway.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class IndexedResourcesTest {

    @Test
    void answersAsASortedMapOfTheSameEntriesWouldWhateverOrderTheyCameIn() {
        Random random = new Random(7);
        IndexedResources previous = null;
        for (int round = 0; round < 200; round++) {
            List<PreparedResource> listed = new ArrayList<>();
            TreeMap<String, PreparedResource> expected = new TreeMap<>();
            int size = random.nextInt(40);
            for (int i = 0; i < size; i++) {
                PreparedResource r = resource("c" + random.nextInt(30), "v" + round + "-" + i);
                listed.add(r);
                expected.put(r.name(), r);
            }
            if (random.nextBoolean()) {
                // Mostly as the translator lists them: by name, each once.
                listed = new ArrayList<>(expected.values());
            } else if (random.nextBoolean()) {
                Collections.shuffle(listed, random);
                expected.clear();
                listed.forEach(r -> expected.put(r.name(), r));
            }

            IndexedResources map = IndexedResources.of(listed, previous);

            assertThat(map).isEqualTo(expected);
            assertThat(new ArrayList<>(map.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
            assertThat(new ArrayList<>(map.values())).isEqualTo(new ArrayList<>(expected.values()));
            assertThat(new ArrayList<>(map.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
            for (int i = 0; i < 30; i++) {
                String name = "c" + i;
                assertThat(map.get(name)).isEqualTo(expected.get(name));
                assertThat(map.containsKey(name)).isEqualTo(expected.containsKey(name));
                assertThat(map.keySet().contains(name)).isEqualTo(expected.containsKey(name));
                assertThat(map.headMap(name)).isEqualTo(expected.headMap(name));
            }
            if (!expected.isEmpty()) {
                assertThat(map.firstKey()).isEqualTo(expected.firstKey());
                assertThat(map.lastKey()).isEqualTo(expected.lastKey());
            }
            assertThat(new TypeSnapshot("v", map).resources()).isSameAs(map);
            previous = map;
        }
    }

    @Test
    void theSameNamesWithOneResourceReplacedKeepTheirOrderAndLookUpTheNewOne() {
        List<PreparedResource> first = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            first.add(resource(String.format("c%04d", i), "1"));
        }
        IndexedResources before = IndexedResources.of(first, null);
        List<PreparedResource> second = new ArrayList<>(first);
        PreparedResource replaced = resource("c0500", "2");
        second.set(500, replaced);

        IndexedResources after = IndexedResources.of(second, before);

        assertThat(after.get("c0500")).isSameAs(replaced);
        assertThat(before.get("c0500").version()).isEqualTo("1");
        assertThat(after.at(500)).isSameAs(replaced);
        assertThat(IndexedResources.sameNames(after, before)).isTrue();
        assertThat(IndexedResources.sameNames(after, IndexedResources.of(first.subList(0, 999), before)))
                .isFalse();
        assertThat(TypeSnapshot.of(after, "").version())
                .isEqualTo(TypeSnapshot.of(new IndexedResources(Map.copyOf(after)), "")
                        .version())
                .isNotEqualTo(TypeSnapshot.of(before, "").version());
    }

    @Test
    void aVersionWorkedOutFromTheSnapshotBeforeIsTheVersionOfTheSameResourcesFromScratch() {
        Random random = new Random(11);
        List<PreparedResource> listed = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            listed.add(resource(String.format("c%04d", i), "0"));
        }
        IndexedResources held = IndexedResources.of(listed, null);
        for (int round = 1; round <= 100; round++) {
            for (int k = random.nextInt(3); k >= 0; k--) {
                int i = random.nextInt(listed.size());
                listed.set(i, resource(listed.get(i).name(), "r" + round));
            }
            IndexedResources next = IndexedResources.of(List.copyOf(listed), held);

            assertThat(TypeSnapshot.of(next, "salt").version())
                    .isEqualTo(TypeSnapshot.of(new IndexedResources(new TreeMap<>(next)), "salt")
                            .version())
                    .isNotEqualTo(TypeSnapshot.of(held, "salt").version());
            held = next;
        }
    }

    private static PreparedResource resource(String name, String version) {
        ClusterLoadAssignment message =
                ClusterLoadAssignment.newBuilder().setClusterName(name).build();
        return new PreparedResource(name, version, message, com.google.protobuf.Any.pack(message));
    }
}
