package dev.spillway.server.source.kube;

import static dev.spillway.server.source.kube.Guide.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.source.Inventory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cluster that cannot be reached at start does not hold up the others, and joins when it can. */
class LateClusterTest {

    @Test
    void aClusterDownAtStartJoinsWhenItComesUp() {
        MockCluster local = new MockCluster("local");
        MockCluster remote = new MockCluster("remote");
        Guide.applyLocal(local);
        Guide.applyRemote(remote, false);
        remote.stop();
        KubeSource source = new KubeSource(
                List.of(local.connection(), remote.connection()), Guide.fast(List.of(), Duration.ofSeconds(5)));
        try {
            source.load();
            // On a loaded machine local may take longer than the 1 s wait: it joins when read.
            Inventory first = await(source, "local read", i -> !i.entries().isEmpty());

            assertThat(first.entries().keySet())
                    .isNotEmpty()
                    .allSatisfy(k -> assertThat(k.cluster()).isEqualTo("local"));

            remote.restart();
            Inventory joined = await(
                    source,
                    "remote read",
                    i -> i.entries().keySet().stream().anyMatch(k -> k.cluster().equals("remote")));
            assertThat(joined.entries().values())
                    .allSatisfy(e -> assertThat(e.status().problems()).isEmpty());
        } finally {
            // Servers first: see MockCluster#close.
            local.stopIfRunning();
            remote.stopIfRunning();
            source.close();
            local.close();
            remote.close();
        }
    }
}
