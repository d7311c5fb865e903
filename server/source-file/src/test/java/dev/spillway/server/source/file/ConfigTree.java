package dev.spillway.server.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A config root on disk and a watching {@link FileSource} over it, for tests that read like the
 * story: write a file, then wait for the inventory to show it.
 */
final class ConfigTree implements AutoCloseable {

    /** How quickly a change must reach consumers. */
    static final Duration WITHIN = Duration.ofSeconds(1);

    private final Path root;
    private final BlockingQueue<Inventory> published = new LinkedBlockingQueue<>();
    private final java.util.List<Inventory> history = new java.util.concurrent.CopyOnWriteArrayList<>();
    private FileSource source;
    /** The latest inventory the listener got: what a consumer of the source would see. */
    private volatile Inventory latest = Inventory.EMPTY;

    ConfigTree(Path root) {
        this.root = root;
        mkdirs(root);
    }

    Path root() {
        return root;
    }

    Path file(String cluster, String fileName) {
        return root.resolve(cluster).resolve(fileName);
    }

    /** Writes a file in place (creating its cluster directory), as {@code cat > file} would. */
    ConfigTree write(String cluster, String fileName, String text) {
        Path file = file(cluster, fileName);
        mkdirs(file.getParent());
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    void delete(String cluster, String fileName) {
        try {
            Files.delete(file(cluster, fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts watching; every inventory published from then on is queued for {@link #awaitInventory}. */
    Inventory start() {
        source = new FileSource(root);
        source.subscribe(inventory -> {
            history.add(inventory);
            latest = inventory;
            published.add(inventory);
        });
        try {
            source.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(latest).as("the initial load is published").isEqualTo(source.current());
        return latest;
    }

    FileSource source() {
        return source;
    }

    /** Blocks until the latest inventory matches, and fails when that takes longer than the timeout. */
    Inventory awaitInventory(Predicate<Inventory> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Inventory seen = latest;
        while (!condition.test(seen)) {
            long left = deadline - System.nanoTime();
            Inventory next;
            try {
                next = left <= 0 ? null : published.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            if (next == null) {
                throw new AssertionError("no matching inventory within " + timeout + "; latest:\n" + describe(seen));
            }
            seen = latest;
        }
        return seen;
    }

    /** {@link #awaitInventory} with the one-second budget. */
    Inventory await(Predicate<Inventory> condition) {
        return awaitInventory(condition, WITHIN);
    }

    /** Every inventory published since {@link #start}, the initial load included. */
    java.util.List<Inventory> history() {
        return java.util.List.copyOf(history);
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
        }
    }

    static String describe(Inventory inventory) {
        StringBuilder out = new StringBuilder();
        inventory
                .entries()
                .values()
                .forEach(e -> out.append("  ")
                        .append(e.key())
                        .append(' ')
                        .append(e.status().state())
                        .append(' ')
                        .append(e.status().reason())
                        .append(" [")
                        .append(e.origin())
                        .append(e.resource() == null ? ", no resource" : "")
                        .append("]\n"));
        return out.toString();
    }

    // --- keys and predicates -------------------------------------------------------------------

    static ResourceKey upstreamKey(String cluster, String name) {
        return new ResourceKey(Kind.UPSTREAM, cluster, "gloo-system", name);
    }

    static ResourceKey fileKey(String cluster, String fileName) {
        return new ResourceKey(Kind.FILE, cluster, "", fileName);
    }

    static Predicate<Inventory> has(ResourceKey key, State state) {
        return inv -> inv.entries().containsKey(key)
                && inv.entries().get(key).status().state() == state;
    }

    static Predicate<Inventory> hasNo(ResourceKey key) {
        return inv -> !inv.entries().containsKey(key);
    }

    static Predicate<Inventory> hostPort(ResourceKey key, int port) {
        return inv -> {
            Inventory.Entry e = inv.entries().get(key);
            return e != null
                    && e.resource() instanceof dev.spillway.api.model.Upstream u
                    && u.statics() != null
                    && u.statics().hosts().get(0).port() == port;
        };
    }

    static void assertAccepted(Inventory inventory, ResourceKey... keys) {
        for (ResourceKey key : keys) {
            assertThat(inventory.entries()).as(describe(inventory)).containsKey(key);
            assertThat(inventory.entries().get(key).status().state())
                    .as(key + "\n" + describe(inventory))
                    .isEqualTo(State.ACCEPTED);
            assertThat(inventory.entries().get(key).resource())
                    .as(key.toString())
                    .isNotNull();
        }
    }

    // --- documents ----------------------------------------------------------------------------

    /** A static Upstream in gloo-system. */
    static String upstream(String name, int port) {
        return """
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                  name: %s
                  namespace: gloo-system
                spec:
                  static:
                    hosts:
                    - addr: 10.0.0.1
                      port: %d
                """.formatted(name, port);
    }

    /** Documents joined into one multi-document file. */
    static String documents(String... documents) {
        return String.join("---\n", documents);
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
