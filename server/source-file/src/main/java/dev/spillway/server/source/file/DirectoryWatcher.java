package dev.spillway.server.source.file;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a config root and its immediate sub-directories (one per cluster) and reports, after a
 * short quiet period, which cluster directories or config files changed.
 *
 * <p>A batch handed to the callback holds absolute paths of three forms: a config file
 * ({@code <root>/<cluster>/<file>}: re-read it, or drop it when it no longer exists), a cluster
 * directory ({@code <root>/<cluster>}: re-list it, it was created, deleted or may have missed
 * events), or the root itself (rescan everything, after the kernel's event queue overflowed).
 *
 * <p>Editors rarely write a file in place: vim renames the original away and writes a new one,
 * others write a temp file and rename it over the original. Both end as create/delete/modify
 * events on the real name within milliseconds, which the quiet period folds into one re-read;
 * the temp names themselves ({@link #isConfigFile}) are ignored.
 */
public final class DirectoryWatcher implements AutoCloseable {

    /** How long the directory must stay quiet before a batch is handed over. */
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(50);
    /** A directory that never goes quiet (a log-like writer) still gets a batch at least this often. */
    static final Duration MAX_BATCH_DELAY = Duration.ofMillis(300);

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final Path root;
    private final Duration quietPeriod;
    private final Consumer<Set<Path>> onChange;
    private volatile long lastQuietNanos = -1;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private WatchService service;
    private Thread thread;

    /**
     * @param root        the config root; each non-hidden sub-directory is a cluster
     * @param quietPeriod how long to wait for more events before handing a batch over
     * @param onChange    called on the watcher thread with each batch of changed paths
     */
    public DirectoryWatcher(Path root, Duration quietPeriod, Consumer<Set<Path>> onChange) {
        this.root = root.toAbsolutePath().normalize();
        this.quietPeriod = quietPeriod;
        this.onChange = onChange;
    }

    /**
     * True for a file name the watcher and the source read: {@code *.yaml}, {@code *.yml},
     * {@code *.json}, except hidden files and editor leftovers ({@code .*}, {@code *~},
     * {@code *.swp}, and vim's {@code 4913} write-permission probe).
     */
    public static boolean isConfigFile(String name) {
        if (name.startsWith(".") || name.endsWith("~") || name.endsWith(".swp") || name.equals("4913")) {
            return false;
        }
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /** True for a directory name under the root that names a cluster (hidden ones do not). */
    public static boolean isClusterDirectory(String name) {
        return !name.startsWith(".");
    }

    /**
     * Registers the root and its cluster directories, then starts the watcher thread. Every change
     * made after this returns is reported.
     */
    public synchronized void start() throws IOException {
        if (service != null) {
            throw new IllegalStateException("already started");
        }
        service = root.getFileSystem().newWatchService();
        register(root);
        try (Stream<Path> children = Files.list(root)) {
            children.forEach(this::registerIfCluster);
        }
        thread = new Thread(this::run, "spillway-file-watcher");
        thread.setDaemon(true);
        thread.start();
        LOG.info("watching {} for changes", root);
    }

    /** Stops watching; a batch being handed over completes first. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (service == null) {
                return;
            }
            try {
                service.close();
            } catch (IOException e) {
                LOG.warn("closing the watch service of {}: {}", root, e.toString());
            }
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (true) {
                Set<Path> changes = new TreeSet<>();
                handle(service.take(), changes);
                long first = System.nanoTime();
                long deadline = System.nanoTime() + MAX_BATCH_DELAY.toNanos();
                WatchKey next;
                while (System.nanoTime() < deadline
                        && (next = service.poll(quietPeriod.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    handle(next, changes);
                }
                if (!changes.isEmpty()) {
                    lastQuietNanos = System.nanoTime() - first;
                    deliver(changes);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            LOG.debug("stopped watching {}", root);
        }
    }

    /** How long the batch being handed over waited for the directory to go quiet, in nanoseconds. */
    public long lastQuietNanos() {
        return lastQuietNanos;
    }

    private void deliver(Set<Path> changes) {
        try {
            onChange.accept(Set.copyOf(changes));
        } catch (RuntimeException e) {
            // A listener bug must not stop the watching; the next change is handled normally.
            LOG.error("handling changes under {} failed", root, e);
        }
    }

    /** Adds the paths one key's events touch to the batch, registering new cluster directories. */
    private void handle(WatchKey key, Set<Path> changes) {
        Path dir = keys.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                LOG.warn("file events under {} were lost (overflow); rescanning everything", root);
                registerClusterDirectories();
                changes.add(root);
            } else if (dir != null) {
                Path child = dir.resolve((Path) event.context());
                if (dir.equals(root)) {
                    clusterEvent(event.kind(), child, changes);
                } else {
                    fileEvent(dir, child, changes);
                }
            }
        }
        if (!key.reset()) {
            // The directory is gone (deleted or renamed): its resources go with it.
            keys.remove(key);
            if (dir != null && dir.equals(root)) {
                LOG.error("config directory {} is gone; serving the last config read", root);
            } else if (dir != null) {
                changes.add(dir);
            }
        }
    }

    private void clusterEvent(WatchEvent.Kind<?> kind, Path child, Set<Path> changes) {
        String name = child.getFileName().toString();
        if (!isClusterDirectory(name)) {
            return;
        }
        if (kind == ENTRY_CREATE && Files.isDirectory(child)) {
            register(child);
            // Files may have been written before the registration: re-list the directory.
            changes.add(child);
        } else if (kind == ENTRY_MODIFY && Files.isDirectory(child)) {
            // Its attributes changed (chmod): it may have become readable, or unreadable. A directory that
            // could not be watched while unreadable is watched from now on.
            register(child);
            changes.add(child);
        } else if (kind == ENTRY_DELETE) {
            // Also a rename: the watch follows the inode, so drop it; a rename within the root
            // arrives as a create of the new name right after and is registered afresh.
            keys.entrySet().removeIf(e -> {
                if (e.getValue().equals(child)) {
                    e.getKey().cancel();
                    return true;
                }
                return false;
            });
            changes.add(child);
        }
    }

    private void fileEvent(Path dir, Path child, Set<Path> changes) {
        String name = child.getFileName().toString();
        if (isConfigFile(name)) {
            changes.add(child);
        } else if (name.startsWith("..")) {
            // A Kubernetes ConfigMap volume swaps a hidden "..data" symlink; the visible files are
            // symlinks through it and get no event of their own.
            changes.add(dir);
        }
    }

    /** After an overflow: directories created meanwhile were never registered. */
    private void registerClusterDirectories() {
        try (Stream<Path> children = Files.list(root)) {
            children.forEach(this::registerIfCluster);
        } catch (IOException | UncheckedIOException e) {
            LOG.error("cannot list {}: {}", root, e.toString());
        }
    }

    private void registerIfCluster(Path child) {
        if (Files.isDirectory(child) && isClusterDirectory(child.getFileName().toString())) {
            register(child);
        }
    }

    private void register(Path dir) {
        try {
            keys.put(dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY), dir);
        } catch (IOException e) {
            // Deleted again before we got to it: the delete event that follows reports it.
            LOG.debug("cannot watch {}: {}", dir, e.toString());
        }
    }
}
