package dev.spillway.server.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The watcher alone: which paths a batch names, and that bursts of events become one batch. */
class DirectoryWatcherTest {

    @TempDir
    Path root;

    private final BlockingQueue<Set<Path>> batches = new LinkedBlockingQueue<>();
    private DirectoryWatcher watcher;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(root.resolve("local"));
        watch(DirectoryWatcher.DEFAULT_QUIET_PERIOD);
    }

    private void watch(Duration quietPeriod) throws IOException {
        if (watcher != null) {
            watcher.close();
        }
        watcher = new DirectoryWatcher(root, quietPeriod, batches::add);
        watcher.start();
    }

    @AfterEach
    void tearDown() {
        watcher.close();
    }

    /** The union of the batches that arrive until the expected paths are all named. */
    private Set<Path> awaitPaths(Path... expected) throws InterruptedException {
        Set<Path> seen = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!seen.containsAll(Set.of(expected))) {
            Set<Path> batch = batches.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(batch)
                    .as("a batch naming %s within 1s; seen %s", Set.of(expected), seen)
                    .isNotNull();
            seen.addAll(batch);
        }
        return seen;
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.yaml", "a.yml", "a.json"})
    void configFilesAreConfig(String name) {
        assertThat(DirectoryWatcher.isConfigFile(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {".a.yaml", "a.yaml~", ".a.yaml.swp", "a.yaml.swp", "4913", "a.txt", "a.yaml.tmp"})
    void leftoversAreNotConfig(String name) {
        assertThat(DirectoryWatcher.isConfigFile(name)).isFalse();
    }

    @Test
    void chmodOfAClusterDirectoryNamesIt() throws Exception {
        // The directory may have become unreadable (or readable again): it is listed again.
        Path local = root.resolve("local");
        Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("r-x------"));
        try {
            assertThat(awaitPaths(local)).contains(local);
        } finally {
            Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void burstOfWritesIsOneBatchNamingTheFile() throws Exception {
        // A quiet period long enough that a slow test machine cannot split the burst.
        watch(Duration.ofMillis(200));
        Path file = root.resolve("local/a.yaml");
        for (int i = 0; i < 5; i++) {
            Files.writeString(file, "n: " + i);
        }

        assertThat(awaitPaths(file)).containsExactly(file);
        assertThat(batches.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void temporaryFileRenamedOverTheTargetNamesOnlyTheTarget() throws Exception {
        Path temp = root.resolve("local/.a.yaml.swx");
        Files.writeString(temp, "n: 1");
        Path file = root.resolve("local/a.yaml");

        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);

        assertThat(awaitPaths(file)).containsExactly(file);
    }

    @Test
    void newClusterDirectoryIsNamedAndWatched() throws Exception {
        Path dir = Files.createDirectories(root.resolve("remote"));
        awaitPaths(dir);

        Path file = dir.resolve("b.yaml");
        Files.writeString(file, "n: 1");

        assertThat(awaitPaths(file)).contains(file);
    }

    @Test
    void deletedClusterDirectoryIsNamed() throws Exception {
        Path dir = root.resolve("local");

        Files.delete(dir);

        assertThat(awaitPaths(dir)).containsExactly(dir);
    }

    @Test
    void filesAtTheTopAndHiddenDirectoriesAreIgnored() throws Exception {
        Files.writeString(root.resolve("top.yaml"), "n: 1");
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/x.yaml"), "n: 1");
        Path file = root.resolve("local/a.yaml");
        Files.writeString(file, "n: 1");

        assertThat(awaitPaths(file)).containsExactly(file);
    }
}
