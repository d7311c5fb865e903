package dev.spillway.server.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.codec.Decoded;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.source.Inventory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A Kubernetes object decodes to exactly what the file source reads from the same manifest. */
class ObjectDecoderTest {

    private static MockCluster cluster;

    @BeforeAll
    static void client() {
        cluster = new MockCluster("local");
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "local/upstream-blue.yaml",
                "local/service-blue.yaml",
                "local/failover-scheme.yaml",
                "local/virtual-service.yaml",
                "local/gateway.yaml",
                "local/secret-failover-upstream.yaml",
                "remote/secret-failover-downstream.yaml",
                "remote/failover-gateway.yaml"
            })
    void yieldsTheFileSourcesModel(String manifest) throws IOException {
        String text = read(manifest);
        List<Decoded> fromFile = ResourceDecoder.decode("local", manifest, text).documents();
        List<HasMetadata> objects = cluster.client()
                .load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                .items();

        assertThat(objects).hasSameSizeAs(fromFile);
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata object = objects.get(i);
            Inventory.Entry entry =
                    ObjectDecoder.decode("local", kindOf(object), object, null).orElseThrow();
            assertThat(entry.key()).isEqualTo(fromFile.get(i).key());
            assertThat(entry.resource()).isEqualTo(fromFile.get(i).resource());
            assertThat(entry.status().problems()).isEqualTo(fromFile.get(i).problems());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local/secret-opaque.yaml"})
    void objectsSpillwayDoesNotReadYieldNothing(String manifest) throws IOException {
        HasMetadata object = cluster.client()
                .load(new ByteArrayInputStream(read(manifest).getBytes(StandardCharsets.UTF_8)))
                .items()
                .get(0);

        assertThat(ObjectDecoder.decode("local", WatchedKind.SECRET, object, null))
                .isEqualTo(Optional.empty());
    }

    private static WatchedKind kindOf(HasMetadata object) {
        for (WatchedKind kind : WatchedKind.values()) {
            if (kind.kindName().equals(object.getKind())) {
                return kind;
            }
        }
        throw new IllegalArgumentException(object.getKind());
    }

    private static String read(String manifest) throws IOException {
        try (InputStream in = ObjectDecoderTest.class.getResourceAsStream("/kube/" + manifest)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
