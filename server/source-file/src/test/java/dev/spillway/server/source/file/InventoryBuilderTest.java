package dev.spillway.server.source.file;

import static dev.spillway.server.source.file.ConfigTree.documents;
import static dev.spillway.server.source.file.ConfigTree.fileKey;
import static dev.spillway.server.source.file.ConfigTree.upstream;
import static dev.spillway.server.source.file.ConfigTree.upstreamKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.State;
import java.util.Map;
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

    private static SortedMap<FileId, DecodedFile> decoded(String fileName, String text) {
        return new TreeMap<>(
                java.util.Map.of(new FileId("local", fileName), ResourceDecoder.decode("local", fileName, text)));
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
    void aValidDocumentBeatsABrokenDuplicateInAnEarlierFile() {
        Inventory inventory = file("a.yaml", upstream("blue", 0))
                .file("b.yaml", upstream("blue", 1))
                .build(Inventory.EMPTY);

        assertThat(inventory.entries().get(BLUE).status().state()).isEqualTo(State.ACCEPTED);
        assertThat(inventory.entries().get(BLUE).origin()).isEqualTo("local/b.yaml");
        assertThat(inventory.entries().get(fileKey("local", "a.yaml")).status().reason())
                .isEqualTo("File local/a.yaml: duplicate of Upstream gloo-system/blue in local/b.yaml");
    }

    @Test
    void theFileThatHeldAResourceKeepsItAgainstANewCopy() {
        Inventory before = file("b.yaml", upstream("blue", 1)).build(Inventory.EMPTY);

        Inventory after = file("a.yaml", upstream("blue", 2))
                .file("b.yaml", upstream("blue", 1))
                .build(before);

        assertThat(after.entries().get(BLUE).origin()).isEqualTo("local/b.yaml");
        assertThat(after.entries().get(BLUE).resource())
                .isEqualTo(before.entries().get(BLUE).resource());
        assertThat(after.entries().get(fileKey("local", "a.yaml")).status().reason())
                .isEqualTo("File local/a.yaml: duplicate of Upstream gloo-system/blue in local/b.yaml");
    }

    @Test
    void resourcesFirstReadAfterStartUpAreNewerAndKeepTheirAgeWhenChanged() {
        Inventory start = file("a.yaml", upstream("blue", 1)).build(Inventory.EMPTY);

        Inventory later =
                InventoryBuilder.build(decoded("a.yaml", documents(upstream("blue", 2), upstream("red", 1))), start, 1);
        Inventory after =
                InventoryBuilder.build(decoded("a.yaml", documents(upstream("blue", 3), upstream("red", 2))), later, 2);

        assertThat(later.entries().get(BLUE).resource().meta().seen()).isZero();
        assertThat(later.entries().get(RED).resource().meta().seen()).isEqualTo(1);
        assertThat(after.entries().get(BLUE).resource().meta().seen()).isZero();
        assertThat(after.entries().get(RED).resource().meta().seen()).isEqualTo(1);
    }

    @Test
    void aDomainAddedByAnEditIsHeldFromThatReadOnAndKeptDomainsKeepTheirs() {
        Inventory start = file("vs.yaml", virtualService("a.example.com")).build(Inventory.EMPTY);

        Inventory edited =
                InventoryBuilder.build(decoded("vs.yaml", virtualService("a.example.com', 'b.example.com")), start, 3);
        Inventory later = InventoryBuilder.build(
                decoded("vs.yaml", virtualService("b.example.com', 'a.example.com', 'c.example.com")), edited, 5);

        ResourceKey vs = new ResourceKey(Kind.VIRTUAL_SERVICE, "local", "gloo-system", "vs");
        assertThat(start.entries().get(vs).resource().meta().claims()).isEmpty();
        assertThat(edited.entries().get(vs).resource().meta().claims()).isEqualTo(Map.of("domain:b.example.com", 3L));
        assertThat(later.entries().get(vs).resource().meta().claims())
                .isEqualTo(Map.of("domain:b.example.com", 3L, "domain:c.example.com", 5L));
        assertThat(later.entries().get(vs).resource().meta().since("domain:a.example.com"))
                .isZero();
    }

    private static String virtualService(String domains) {
        return """
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata: {name: vs, namespace: gloo-system}
                spec:
                  virtualHost:
                    domains: ['%s']
                """.formatted(domains);
    }

    @Test
    void anUnreadableClusterDirectoryKeepsEveryResourceItsFilesHeld() {
        Inventory before = file("a.yaml", upstream("blue", 1))
                .file("b.yaml", upstream("red", 1))
                .build(Inventory.EMPTY);
        FileId directory = FileId.directory("local");
        files.put(
                directory,
                new DecodedFile(
                        "local",
                        "",
                        java.util.List.of(),
                        Problem.error(directory.key(), "", "directory /config/local: Permission denied")));

        Inventory after = build(before);

        assertThat(after.resources()).isEqualTo(before.resources());
        assertThat(after.entries().get(RED).origin()).isEqualTo("local/b.yaml");
        assertThat(after.entries().get(BLUE).status().reason())
                .isEqualTo("File local/: directory /config/local: Permission denied (last good version kept)");
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
