package dev.spillway.server.source.file;

import static dev.spillway.server.source.file.ConfigTree.documents;
import static dev.spillway.server.source.file.ConfigTree.fileKey;
import static dev.spillway.server.source.file.ConfigTree.upstream;
import static dev.spillway.server.source.file.ConfigTree.upstreamKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.State;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How decoded files and the previous inventory become the next inventory, without a disk. */
class InventoryBuilderTest {

    private static final ResourceKey BLUE = upstreamKey("local", "blue");
    private static final ResourceKey RED = upstreamKey("local", "red");

    private final SortedMap<FileId, DecodedFile> files = new TreeMap<>();

    private InventoryBuilderTest file(String fileName, String text) {
        files.put(new FileId("local", fileName), ResourceDecoder.decode("local", fileName, text));
        return this;
    }

    private Inventory build(Inventory previous) {
        Inventory next = InventoryBuilder.build(new TreeMap<>(files), previous);
        files.clear();
        return next;
    }

    @Test
    void resourceRemovedFromAReadableFileIsGone() {
        Inventory before = file("a.yaml", documents(upstream("blue", 1), upstream("red", 1)))
                .build(Inventory.EMPTY);

        Inventory after = file("a.yaml", upstream("red", 1)).build(before);

        assertThat(after.entries().keySet()).containsExactly(RED);
    }

    @Test
    void brokenFileKeepsEveryResourceItHeld() {
        Inventory before = file("a.yaml", documents(upstream("blue", 1), upstream("red", 1)))
                .build(Inventory.EMPTY);

        Inventory after = file("a.yaml", "{").build(before);

        assertThat(after.entries().keySet()).containsExactly(BLUE, RED);
        assertThat(after.resources()).isEqualTo(before.resources());
        assertThat(after.entries().values()).allSatisfy(e -> {
            assertThat(e.status().state()).isEqualTo(State.REJECTED);
            assertThat(e.status().reason())
                    .startsWith("File local/a.yaml: line ")
                    .endsWith("(last good version kept)");
            assertThat(e.origin()).isEqualTo("local/a.yaml");
        });
    }

    @Test
    void stillBrokenFileKeepsTheVersionKeptBefore() {
        Inventory before = file("a.yaml", upstream("blue", 1)).build(Inventory.EMPTY);
        Inventory broken = file("a.yaml", "{").build(before);

        Inventory after = file("a.yaml", "[").build(broken);

        assertThat(after.resources()).isEqualTo(before.resources());
        assertThat(after.entries().get(BLUE).status().state()).isEqualTo(State.REJECTED);
    }

    @Test
    void resourceMovedOutOfABrokenFileIsServedFromItsNewFile() {
        Inventory before = file("a.yaml", documents(upstream("blue", 1), upstream("red", 1)))
                .build(Inventory.EMPTY);

        Inventory after = file("a.yaml", "{").file("b.yaml", upstream("red", 2)).build(before);

        assertThat(after.entries().get(RED).origin()).isEqualTo("local/b.yaml");
        assertThat(after.entries().get(RED).status().state()).isEqualTo(State.ACCEPTED);
        assertThat(after.entries().get(BLUE).status().state()).isEqualTo(State.REJECTED);
        assertThat(after.entries()).doesNotContainKey(fileKey("local", "b.yaml"));
    }

    @Test
    void documentThatLostItsNameKeepsTheResourceItWas() {
        Inventory before = file("a.yaml", documents(upstream("blue", 1), upstream("red", 1)))
                .build(Inventory.EMPTY);

        Inventory after =
                file("a.yaml", documents(upstream("blue", 1), upstream("", 1))).build(before);

        assertThat(after.entries().get(BLUE).status().state()).isEqualTo(State.ACCEPTED);
        assertThat(after.entries().get(RED).resource())
                .isEqualTo(before.entries().get(RED).resource());
        assertThat(after.entries().get(RED).status().reason())
                .isEqualTo("File local/a.yaml: document 2: metadata.name is required (last good version kept)");
        assertThat(after.entries()).doesNotContainKey(fileKey("local", "a.yaml"));
    }

    @Test
    void documentWithoutANameIsReportedOnTheFile() {
        Inventory inventory =
                file("a.yaml", documents(upstream("blue", 1), upstream("", 1))).build(Inventory.EMPTY);

        assertThat(inventory.entries().get(BLUE).status().state()).isEqualTo(State.ACCEPTED);
        Inventory.Entry entry = inventory.entries().get(fileKey("local", "a.yaml"));
        assertThat(entry.resource()).isNull();
        assertThat(entry.status().reason()).isEqualTo("File local/a.yaml: document 2: metadata.name is required");
    }

    @Test
    void duplicateInTheSameFileIsRejected() {
        Inventory inventory = file("a.yaml", documents(upstream("blue", 1), upstream("blue", 2)))
                .build(Inventory.EMPTY);

        assertThat(inventory.entries().get(BLUE).status().state()).isEqualTo(State.ACCEPTED);
        assertThat(inventory.entries().get(fileKey("local", "a.yaml")).status().reason())
                .isEqualTo("File local/a.yaml: duplicate of Upstream gloo-system/blue in local/a.yaml");
    }

    @Test
    void schemaErrorWithoutAGoodVersionHasNoResource() {
        Inventory inventory = file("a.yaml", upstream("blue", 0)).build(Inventory.EMPTY);

        Inventory.Entry blue = inventory.entries().get(BLUE);
        assertThat(blue.resource()).isNull();
        assertThat(blue.status().state()).isEqualTo(State.REJECTED);
        assertThat(blue.status().reason()).doesNotContain("last good");
    }

    @Test
    void schemaErrorAfterADeletionDoesNotRevive() {
        Inventory before = file("a.yaml", upstream("blue", 1)).build(Inventory.EMPTY);
        Inventory deleted = build(before);

        Inventory after = file("a.yaml", upstream("blue", 0)).build(deleted);

        assertThat(after.entries().get(BLUE).resource()).isNull();
    }

    @Test
    void warningsKeepTheResource() {
        String text = upstream("blue", 1) + "  typo: true\n";

        Inventory inventory = file("a.yaml", text).build(Inventory.EMPTY);

        Inventory.Entry blue = inventory.entries().get(BLUE);
        assertThat(blue.resource()).isNotNull();
        assertThat(blue.status().state()).isEqualTo(State.WARNING);
    }
}
