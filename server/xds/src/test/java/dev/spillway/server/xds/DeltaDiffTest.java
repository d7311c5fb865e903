package dev.spillway.server.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import dev.spillway.snapshot.PreparedResource;
import dev.spillway.snapshot.TypeSnapshot;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A delta stream that held the previous snapshot looks only at the names that changed since: its answer must be the
 * one the whole diff gives, whatever the snapshots do (names added, removed, re-versioned, subscribed to while
 * absent, assignments to send again).
 */
class DeltaDiffTest {

    @Test
    void lookingOnlyAtWhatChangedGivesTheWholeDiff() {
        Random random = new Random(42);
        for (boolean wildcard : new boolean[] {true, false}) {
            DeltaStream.DeltaState incremental = state(wildcard);
            DeltaStream.DeltaState whole = state(wildcard);
            TreeMap<String, PreparedResource> resources = new TreeMap<>();
            for (int round = 0; round < 500; round++) {
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    String name = "r" + random.nextInt(40);
                    if (random.nextInt(3) == 0) {
                        resources.remove(name);
                    } else {
                        resources.put(name, resource(name, "v" + random.nextInt(5)));
                    }
                }
                if (random.nextInt(10) == 0) {
                    String name = "r" + random.nextInt(40);
                    for (DeltaStream.DeltaState s : new DeltaStream.DeltaState[] {incremental, whole}) {
                        s.known.remove(name);
                        s.recheck(name);
                    }
                }
                TypeSnapshot snapshot = new TypeSnapshot("s" + round, resources);
                whole.dirty = true;
                DeltaStream.Diff expected = DeltaStream.diff(whole, snapshot);
                DeltaStream.Diff actual = DeltaStream.diff(incremental, snapshot);

                assertThat(actual).as("round %d, wildcard %s", round, wildcard).isEqualTo(expected);
                DeltaStream.sent(whole, expected, snapshot);
                DeltaStream.sent(incremental, actual, snapshot);
                assertThat(incremental.known.asMap()).isEqualTo(whole.known.asMap());
            }
        }
    }

    @Test
    void aClientThatHeldNothingHoldsExactlyWhatItsFirstResponseCarried() {
        for (boolean wildcard : new boolean[] {true, false}) {
            TreeMap<String, PreparedResource> resources = new TreeMap<>();
            for (int i = 0; i < 40; i += 3) {
                resources.put("r" + i, resource("r" + i, "v1"));
            }
            TypeSnapshot snapshot = new TypeSnapshot("s", resources);
            DeltaStream.DeltaState state = state(wildcard);

            DeltaStream.Diff diff = DeltaStream.diff(state, snapshot);
            DeltaStream.sent(state, diff, snapshot);

            java.util.Map<String, String> carried = new TreeMap<>();
            diff.updated().forEach(r -> carried.put(r.name(), r.version()));
            // Subscribed names the snapshot lacks were answered as removed, and are remembered as absent.
            diff.removed().forEach(name -> carried.put(name, ""));
            assertThat(state.known.asMap()).as("wildcard %s", wildcard).isEqualTo(carried);
            assertThat(state.known.differences())
                    .as("held as the shared snapshot, apart from the absent names")
                    .isEqualTo(diff.removed().size());
            assertThat(carried).containsKey("r0").doesNotContainKey("r1");
            if (!wildcard) {
                assertThat(carried).doesNotContainKey("r3").containsEntry("r2", "");
            }
        }
    }

    private static DeltaStream.DeltaState state(boolean wildcard) {
        DeltaStream.DeltaState state = new DeltaStream.DeltaState();
        state.wildcard = wildcard;
        state.reportsAbsent = !wildcard;
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i += 2) {
            names.add("r" + i);
        }
        state.interest = SubscriptionIndex.Interest.of(wildcard, names);
        return state;
    }

    private static PreparedResource resource(String name, String version) {
        StringValue message = StringValue.of(name + "@" + version);
        return new PreparedResource(name, version, message, Any.pack(message));
    }
}
