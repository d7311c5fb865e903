package dev.spillway.translator.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Claims;
import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AgeTest {
    private static final String PORT = Claims.port("gateway-proxy", "::", 8080);

    /** Both there from the start; {@code aaa} older by creation and first by name, but edited onto 8080 later. */
    private static final Gateway EDITED = gateway("aaa", "2020-01-01T00:00:00Z", Map.of(PORT, 3L));

    private static final Gateway LIVE = gateway("live", "2024-01-01T00:00:00Z", Map.of());

    @Test
    void theResourceThatHasHeldTheClaimLongerComesFirst() {
        assertThat(Stream.of(EDITED, LIVE).sorted(Age.<Gateway>oldestFirst(g -> PORT)))
                .containsExactly(LIVE, EDITED);
        assertThat(Stream.of(EDITED, LIVE).sorted(Age.oldestFirst())).containsExactly(EDITED, LIVE);
    }

    @Test
    void holdersOfAClaimSinceTheSameOrderAreOrderedByAge() {
        Gateway other = gateway("other", "2025-01-01T00:00:00Z", Map.of(PORT, 3L));

        assertThat(Stream.of(other, EDITED).sorted(Age.<Gateway>oldestFirst(g -> PORT)))
                .containsExactly(EDITED, other);
    }

    @Test
    void claimsAreSettledLongestHeldFirstEachInItsHoldersOrder() {
        String other = Claims.port("gateway-proxy", "::", 9090);
        List<Age.Held<Gateway>> claims = Stream.of(
                        new Age.Held<>(EDITED, PORT, 0),
                        new Age.Held<>(EDITED, other, 1),
                        new Age.Held<>(LIVE, PORT, 0))
                .sorted(Age.heldLongest())
                .toList();

        assertThat(claims)
                .containsExactly(
                        new Age.Held<>(EDITED, other, 1),
                        new Age.Held<>(LIVE, PORT, 0),
                        new Age.Held<>(EDITED, PORT, 0));
    }

    private static Gateway gateway(String name, String created, Map<String, Long> claims) {
        ObjectMeta meta = new ObjectMeta("local", "gloo-system", name, Map.of(), 1, created, 0, claims);
        return new Gateway(meta, "::", 8080, List.of("gateway-proxy"), null, null);
    }
}
