package dev.spillway.server.source.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spillway.api.model.Kind;
import dev.spillway.api.source.Inventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clusters registered as {@code glooctl cluster register --cluster-name N --context C} records them. */
class KubeSourcesTest {

    @Test
    void parsesNameContextPairs() {
        assertThat(KubeSources.parse(List.of("local=gloo-fed", "remote=gloo-fed-2", "third")))
                .containsExactly(
                        new KubeSources.Registration("local", "gloo-fed"),
                        new KubeSources.Registration("remote", "gloo-fed-2"),
                        new KubeSources.Registration("third", ""));
    }

    @Test
    void rejectsDuplicateAndNamelessClusters() {
        assertThatThrownBy(() -> KubeSources.parse(List.of("local=a", "local=b")))
                .hasMessageContaining("cluster local is registered twice");
        assertThatThrownBy(() -> KubeSources.parse(List.of("=ctx")))
                .hasMessageContaining("<cluster name>=<kube context>");
    }

    @Test
    void connectsThroughKubeconfigContexts(@TempDir Path dir) throws IOException {
        MockCluster local = new MockCluster("local");
        MockCluster remote = new MockCluster("remote");
        local.apply("local/upstream-blue.yaml");
        remote.apply("remote/service-green.yaml");
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, kubeconfig(local, remote));
        List<ClusterConnection> connections = KubeSources.connect(
                KubeSources.parse(List.of("local=gloo-fed", "remote=gloo-fed-2")), kubeconfig.toFile());
        KubeSource source = KubeSources.source(connections, Guide.FAST);
        try {
            source.load();
            // The first load may come before a slow informer has listed (its sync wait is bounded): wait for both.
            Inventory inventory = Guide.await(
                    source,
                    "both clusters' objects",
                    i -> i.entries().containsKey(Guide.key(Kind.UPSTREAM, "local", "gloo-system", Guide.BLUE))
                            && i.entries().containsKey(Guide.key(Kind.SERVICE, "remote", "default", "service-green")));

            assertThat(source.clusters()).containsExactly("local", "remote");
            assertThat(inventory.entries())
                    .containsKeys(
                            Guide.key(Kind.UPSTREAM, "local", "gloo-system", Guide.BLUE),
                            Guide.key(Kind.SERVICE, "remote", "default", "service-green"));
        } finally {
            // Servers first: see MockCluster#close.
            local.stopIfRunning();
            remote.stopIfRunning();
            source.close();
            local.close();
            remote.close();
            connections.forEach(ClusterConnection::close);
        }
    }

    private static String kubeconfig(MockCluster local, MockCluster remote) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: kind-local
                  cluster: {server: "%s"}
                - name: kind-remote
                  cluster: {server: "%s"}
                users:
                - name: admin
                  user: {token: test}
                contexts:
                - name: gloo-fed
                  context: {cluster: kind-local, user: admin}
                - name: gloo-fed-2
                  context: {cluster: kind-remote, user: admin}
                current-context: gloo-fed
                """.formatted(local.client().getMasterUrl(), remote.client().getMasterUrl());
    }
}
