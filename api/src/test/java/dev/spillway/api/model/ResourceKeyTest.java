package dev.spillway.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceKeyTest {

    @Test
    void keysSortByClusterThenKindThenNamespaceThenName() {
        List<ResourceKey> ordered = List.of(
                new ResourceKey(Kind.VIRTUAL_SERVICE, "local", "gloo-system", "default"),
                new ResourceKey(Kind.UPSTREAM, "remote", "", "a"),
                new ResourceKey(Kind.UPSTREAM, "remote", "gloo-system", "a"),
                new ResourceKey(Kind.UPSTREAM, "remote", "gloo-system", "b"),
                new ResourceKey(Kind.GATEWAY, "remote", "", "a"));
        List<ResourceKey> shuffled = new ArrayList<>(ordered);
        Collections.reverse(shuffled);
        Collections.sort(shuffled);

        assertThat(shuffled).containsExactlyElementsOf(ordered);
        assertThat(new ResourceKey(Kind.SECRET, null, null, "x"))
                .isEqualByComparingTo(new ResourceKey(Kind.SECRET, "", "", "x"));
    }
}
