package dev.spillway.server.source.file;

import static dev.spillway.server.source.file.ConfigTree.assertAccepted;
import static dev.spillway.server.source.file.ConfigTree.documents;
import static dev.spillway.server.source.file.ConfigTree.fileKey;
import static dev.spillway.server.source.file.ConfigTree.has;
import static dev.spillway.server.source.file.ConfigTree.hasNo;
import static dev.spillway.server.source.file.ConfigTree.hostPort;
import static dev.spillway.server.source.file.ConfigTree.upstream;
import static dev.spillway.server.source.file.ConfigTree.upstreamKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-directory source, watched: every change reaches subscribers within one second. */
class FileSourceTest {

    private static final ResourceKey BLUE = upstreamKey("local", "blue");
    private static final ResourceKey GREEN = upstreamKey("remote", "green");

    @TempDir
    Path tmp;

    private ConfigTree tree;

    @BeforeEach
    void setUp() {
        tree = new ConfigTree(tmp.resolve("config"));
        tree.write("local", "upstreams.yaml", upstream("blue", 10000));
        tree.write("remote", "upstreams.yaml", upstream("green", 10000));
    }

    @AfterEach
    void tearDown() {
        tree.close();
    }

    @Test
    void anUnreadableClusterDirectoryIsReportedAndKeepsItsLastGoodConfig() throws IOException {
        FileSource source = new FileSource(tree.root());
        source.load();
        Path remote = tree.root().resolve("remote");
        Files.setPosixFilePermissions(remote, PosixFilePermissions.fromString("---------"));
        try {
            Assumptions.assumeFalse(Files.isReadable(remote), "running as root: chmod 000 does not deny reads");

            Inventory inventory = source.load();

            assertAccepted(inventory, BLUE);
            assertThat(inventory.entries().get(GREEN).status().reason())
                    .isEqualTo("File remote/: directory "
                            + remote.toAbsolutePath().normalize() + ": Permission denied (last good version kept)");
            assertThat(inventory.entries().get(GREEN).resource()).isNotNull();
            assertThat(ConfigDirectory.read(tree.root())
                            .entries()
                            .get(fileKey("remote", ""))
                            .status()
                            .reason())
                    .isEqualTo(
                            "File remote/: directory " + remote.toAbsolutePath().normalize() + ": Permission denied");
        } finally {
            Files.setPosixFilePermissions(remote, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void anUnreadableFileIsReportedWithItsPathAndReason() throws IOException {
        Path file = tree.file("remote", "upstreams.yaml");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        try {
            Assumptions.assumeFalse(Files.isReadable(file), "running as root: chmod 000 does not deny reads");

            Inventory inventory = ConfigDirectory.read(tree.root());

            assertAccepted(inventory, BLUE);
            assertThat(inventory
                            .entries()
                            .get(fileKey("remote", "upstreams.yaml"))
                            .status()
                            .reason())
                    .isEqualTo("File remote/upstreams.yaml: cannot be read: "
                            + file.toAbsolutePath().normalize() + ": Permission denied");
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test
    void initialLoadReadsEveryCluster() {
        Inventory inventory = tree.start();

        assertAccepted(inventory, BLUE, GREEN);
        assertThat(inventory.entries()).hasSize(2);
        assertThat(inventory.entries().get(BLUE).origin()).isEqualTo("local/upstreams.yaml");
        assertThat(inventory.entries().get(GREEN).origin()).isEqualTo("remote/upstreams.yaml");
    }

    @Test
    void createdFileIsRead() {
        tree.start();

        tree.write("local", "red.yaml", upstream("red", 10000));

        assertAccepted(tree.await(has(upstreamKey("local", "red"), State.ACCEPTED)), BLUE, GREEN);
    }

    @Test
    void modifiedFileIsReread() {
        tree.start();

        tree.write("local", "upstreams.yaml", upstream("blue", 10001));

        assertAccepted(tree.await(hostPort(BLUE, 10001)), BLUE, GREEN);
    }

    @Test
    void deletedFileTakesItsResourcesAway() {
        tree.start();

        tree.delete("local", "upstreams.yaml");

        Inventory inventory = tree.await(hasNo(BLUE));
        assertAccepted(inventory, GREEN);
        assertThat(inventory.entries()).hasSize(1);
    }

    @Test
    void fileMovedInFromOutsideTheTreeIsRead() throws IOException {
        tree.start();
        Path scratch = Files.createDirectories(tmp.resolve("scratch")).resolve("blue.yaml");
        Files.writeString(scratch, upstream("blue", 10002));

        Files.move(
                scratch,
                tree.file("local", "upstreams.yaml"),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);

        assertAccepted(tree.await(hostPort(BLUE, 10002)), BLUE, GREEN);
    }

    @Test
    void editorTempFileRenamedOverTheOriginalIsRead() throws IOException {
        tree.start();
        Path temp = tree.file("local", ".upstreams.yaml.tmp");
        Files.writeString(temp, upstream("blue", 10003));

        Files.move(
                temp,
                tree.file("local", "upstreams.yaml"),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);

        Inventory inventory = tree.await(hostPort(BLUE, 10003));
        assertAccepted(inventory, BLUE, GREEN);
        assertThat(inventory.entries()).hasSize(2);
    }

    @Test
    void renamedFileKeepsItsResources() throws IOException {
        tree.start();

        Files.move(
                tree.file("local", "upstreams.yaml"), tree.file("local", "blue.yaml"), StandardCopyOption.ATOMIC_MOVE);

        Inventory inventory = tree.await(inv -> inv.entries().containsKey(BLUE)
                && inv.entries().get(BLUE).origin().equals("local/blue.yaml"));
        assertAccepted(inventory, BLUE, GREEN);
    }

    @Test
    void editorLeftoversAreIgnored() {
        tree.start();

        tree.write("local", ".upstreams.yaml.swp", "not: [yaml");
        tree.write("local", "upstreams.yaml~", "not: [yaml");
        tree.write("local", "4913", "");
        tree.write("local", "notes.txt", "not: [yaml");
        tree.write("local", "red.yaml", upstream("red", 10000));

        Inventory inventory = tree.await(has(upstreamKey("local", "red"), State.ACCEPTED));
        assertThat(inventory.entries()).hasSize(3);
    }

    @Test
    void clusterDirectoryCreatedLaterIsWatched() {
        tree.start();

        tree.write("east", "upstreams.yaml", upstream("yellow", 10000));
        ResourceKey yellow = upstreamKey("east", "yellow");
        tree.await(has(yellow, State.ACCEPTED));

        tree.write("east", "upstreams.yaml", upstream("yellow", 10004));
        assertAccepted(tree.await(hostPort(yellow, 10004)), BLUE, GREEN, yellow);
    }

    @Test
    void deletedClusterDirectoryTakesItsResourcesAway() throws IOException {
        tree.start();

        try (Stream<Path> paths = Files.walk(tree.root().resolve("remote"))) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }

        Inventory inventory = tree.await(hasNo(GREEN));
        assertAccepted(inventory, BLUE);
        assertThat(inventory.entries()).hasSize(1);
    }

    @Test
    void aClusterDirectoryDeletedAndRecreatedIsWatchedAgain() throws IOException {
        tree.start();
        try (Stream<Path> paths = Files.walk(tree.root().resolve("remote"))) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        tree.await(hasNo(GREEN));

        tree.write("remote", "upstreams.yaml", upstream("green", 10005));
        tree.await(hostPort(GREEN, 10005));
        // The new directory is watched, not only read once.
        tree.write("remote", "upstreams.yaml", upstream("green", 10006));
        assertAccepted(tree.await(hostPort(GREEN, 10006)), BLUE, GREEN);
    }

    @Test
    void invalidYamlKeepsTheLastGoodVersionUntilFixed() {
        tree.start();

        tree.write("local", "upstreams.yaml", upstream("blue", 10005) + "  bad: [unclosed\n");

        Inventory broken = tree.await(has(BLUE, State.REJECTED));
        Inventory.Entry blue = broken.entries().get(BLUE);
        assertThat(blue.resource()).as("last good version").isNotNull();
        assertThat(hostPort(BLUE, 10000)).accepts(broken);
        assertThat(blue.status().problems()).singleElement().satisfies(p -> {
            assertThat(p.resource()).isEqualTo(fileKey("local", "upstreams.yaml"));
            assertThat(p.message()).startsWith("line ").endsWith("(last good version kept)");
        });
        assertThat(broken.entries()).doesNotContainKey(fileKey("local", "upstreams.yaml"));
        assertAccepted(broken, GREEN);

        tree.write("local", "upstreams.yaml", upstream("blue", 10005));

        Inventory fixed = tree.await(has(BLUE, State.ACCEPTED));
        assertThat(hostPort(BLUE, 10005)).accepts(fixed);
        assertAccepted(fixed, BLUE, GREEN);
        assertThat(fixed.entries()).hasSize(2);
    }

    @Test
    void schemaErrorKeepsTheLastGoodVersion() {
        tree.start();

        tree.write("local", "upstreams.yaml", upstream("blue", 70000));

        Inventory inventory = tree.await(has(BLUE, State.REJECTED));
        Inventory.Entry blue = inventory.entries().get(BLUE);
        assertThat(hostPort(BLUE, 10000)).accepts(inventory);
        assertThat(blue.origin()).isEqualTo("local/upstreams.yaml");
        assertThat(blue.status().problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
            assertThat(p.field()).isEqualTo("spec.static.hosts[0].port");
            assertThat(p.message()).endsWith(" (last good version kept)");
        });
        assertAccepted(inventory, GREEN);
    }

    @Test
    void deletingTheBadFileRemovesItsResources() {
        tree.start();
        tree.write("local", "upstreams.yaml", "spec: [unclosed\n");
        tree.await(has(BLUE, State.REJECTED));

        tree.delete("local", "upstreams.yaml");

        Inventory inventory = tree.await(hasNo(BLUE));
        assertThat(inventory.entries().keySet()).containsExactly(GREEN);
        assertAccepted(inventory, GREEN);
    }

    @Test
    void invalidFileWithoutGoodVersionIsReportedAsTheFile() {
        tree.start();

        tree.write("local", "broken.yaml", "spec: [unclosed\n");

        ResourceKey file = fileKey("local", "broken.yaml");
        Inventory inventory = tree.await(has(file, State.REJECTED));
        Inventory.Entry entry = inventory.entries().get(file);
        assertThat(entry.resource()).isNull();
        assertThat(entry.origin()).isEqualTo("local/broken.yaml");
        assertThat(entry.status().reason()).startsWith("File local/broken.yaml: line ");
        assertAccepted(inventory, BLUE, GREEN);
    }

    @Test
    void newResourceWithSchemaErrorsIsRejectedWithoutResource() {
        tree.start();

        tree.write("local", "red.yaml", upstream("red", 0));

        Inventory inventory = tree.await(has(upstreamKey("local", "red"), State.REJECTED));
        assertThat(inventory.entries().get(upstreamKey("local", "red")).resource())
                .isNull();
        assertAccepted(inventory, BLUE, GREEN);
    }

    @Test
    void duplicateInALaterFileIsRejectedAndTheFirstWins() {
        tree.write("local", "zz-copy.yaml", upstream("blue", 10009));

        Inventory inventory = tree.start();

        assertAccepted(inventory, BLUE, GREEN);
        assertThat(inventory.entries().get(BLUE).origin()).isEqualTo("local/upstreams.yaml");
        assertThat(hostPort(BLUE, 10000)).accepts(inventory);
        Inventory.Entry copy = inventory.entries().get(fileKey("local", "zz-copy.yaml"));
        assertThat(copy.status().state()).isEqualTo(State.REJECTED);
        assertThat(copy.status().problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEmpty();
            assertThat(p.message()).isEqualTo("duplicate of Upstream gloo-system/blue in local/upstreams.yaml");
        });
    }

    @Test
    void removingTheFirstCopyLetsTheDuplicateServe() {
        tree.write("local", "zz-copy.yaml", upstream("blue", 10009));
        tree.start();

        tree.delete("local", "upstreams.yaml");

        Inventory inventory = tree.await(hostPort(BLUE, 10009));
        assertAccepted(inventory, BLUE, GREEN);
        assertThat(inventory.entries()).doesNotContainKey(fileKey("local", "zz-copy.yaml"));
    }

    @Test
    void resourceMovedToAnotherFileIsNotLost() {
        tree.write("local", "zz-red.yaml", upstream("red", 10000));
        tree.start();

        // First paste into the new file, then cut from the old one, as an editor user would.
        tree.write("local", "zz-red.yaml", documents(upstream("red", 10000), upstream("blue", 10000)));
        tree.await(has(fileKey("local", "zz-red.yaml"), State.REJECTED));
        tree.write("local", "upstreams.yaml", "");

        Inventory inventory = tree.await(inv -> inv.entries().containsKey(BLUE)
                && inv.entries().get(BLUE).origin().equals("local/zz-red.yaml"));
        assertAccepted(inventory, BLUE, GREEN, upstreamKey("local", "red"));
        assertThat(inventory.entries()).hasSize(3);
    }

    @Test
    void unchangedContentPublishesNothing() throws IOException {
        tree.start();

        tree.write("local", "upstreams.yaml", upstream("blue", 10000));
        Files.setLastModifiedTime(
                tree.file("remote", "upstreams.yaml"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        tree.write("local", "red.yaml", upstream("red", 10000));

        tree.await(has(upstreamKey("local", "red"), State.ACCEPTED));
        assertThat(tree.history()).as("the initial load, then red.yaml").hasSize(2);
    }

    @Test
    void loadWithoutWatchingReadsTheTree() throws IOException {
        tree.write("local", "broken.yaml", "spec: [unclosed\n");

        Inventory inventory = ConfigDirectory.read(tree.root());

        assertAccepted(inventory, BLUE, GREEN);
        assertThat(inventory
                        .entries()
                        .get(fileKey("local", "broken.yaml"))
                        .status()
                        .state())
                .isEqualTo(State.REJECTED);
        assertThat(new FileSource(tree.root()).load()).isEqualTo(inventory);
    }
}
