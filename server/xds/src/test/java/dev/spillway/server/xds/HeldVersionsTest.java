package dev.spillway.server.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import dev.spillway.server.xds.SubscriptionIndex.Interest;
import dev.spillway.snapshot.PreparedResource;
import dev.spillway.snapshot.TypeSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Held versions kept as a shared base and differences read as the plain map they stand for. */
class HeldVersionsTest {

    @Test
    void readsAsThePlainMapWhateverTheBasesAndSubscriptions() {
        Random random = new Random(11);
        HeldVersions held = new HeldVersions();
        Map<String, String> plain = new HashMap<>();
        TreeMap<String, PreparedResource> resources = new TreeMap<>();
        for (int round = 0; round < 2_000; round++) {
            switch (random.nextInt(4)) {
                case 0 -> {
                    String name = "r" + random.nextInt(30);
                    String version = "v" + random.nextInt(4);
                    held.put(name, version);
                    plain.put(name, version);
                }
                case 1 -> {
                    String name = "r" + random.nextInt(30);
                    held.remove(name);
                    plain.remove(name);
                }
                default -> {
                    for (int i = 0; i < random.nextInt(5); i++) {
                        String name = "r" + random.nextInt(30);
                        if (random.nextBoolean()) {
                            resources.remove(name);
                        } else {
                            resources.put(name, resource(name, "v" + random.nextInt(4)));
                        }
                    }
                    held.rebase(new TypeSnapshot("s" + round, resources), interest(random));
                }
            }
            assertThat(held.asMap()).as("round %d", round).isEqualTo(new TreeMap<>(plain));
            for (int i = 0; i < 30; i++) {
                assertThat(held.get("r" + i)).isEqualTo(plain.get("r" + i));
            }
        }
    }

    @Test
    void aClientBroughtUpToASnapshotHoldsNothingOfItsOwn() {
        TreeMap<String, PreparedResource> resources = new TreeMap<>();
        for (int i = 0; i < 1_000; i++) {
            resources.put("c" + i, resource("c" + i, "v1"));
        }
        TypeSnapshot first = new TypeSnapshot("s1", resources);
        HeldVersions held = new HeldVersions();
        Interest all = Interest.of(true, List.of());
        resources.keySet().forEach(name -> held.put(name, "v1"));
        assertThat(held.differences()).isEqualTo(1_000);

        held.rebase(first, all);
        assertThat(held.differences()).isZero();

        TreeMap<String, PreparedResource> changed = new TreeMap<>(resources);
        changed.put("c7", resource("c7", "v2"));
        held.put("c7", "v2");
        held.rebase(new TypeSnapshot("s2", changed), all);

        assertThat(held.differences()).isZero();
        assertThat(held.get("c7")).isEqualTo("v2");
        assertThat(held.asMap()).hasSize(1_000);
    }

    private static Interest interest(Random random) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            if (random.nextInt(3) > 0) {
                names.add("r" + i);
            }
        }
        return Interest.of(random.nextInt(4) == 0, names);
    }

    private static PreparedResource resource(String name, String version) {
        StringValue message = StringValue.of(name + "@" + version);
        return new PreparedResource(name, version, message, Any.pack(message));
    }
}
