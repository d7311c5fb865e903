package dev.spillway.server.source.file;

import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.source.InventorySource;
import dev.spillway.api.status.ResourceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file-directory source: {@code <root>/<cluster>/*.yaml} (also {@code .yml}, {@code .json}),
 * one sub-directory per federation cluster, each file multi-document YAML.
 *
 * <p>{@link #load()} reads the whole tree; {@link #start()} also watches it and, on each change,
 * re-reads only the files that changed. A bad file rejects only its own resources, and a resource
 * whose new version is broken keeps its last good version (see {@link InventoryBuilder}).
 *
 * <p>Thread-safe: loads and changes are applied one at a time, and listeners are called in order,
 * on the thread that applied the change (the watcher thread for file changes). Listeners should
 * hand the inventory over rather than work on it, as they hold up the next change.
 */
public final class FileSource implements InventorySource {

    private static final Logger LOG = LoggerFactory.getLogger(FileSource.class);

    private final Path root;
    private final DirectoryWatcher watcher;
    private final List<Consumer<Inventory>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private SortedMap<FileId, DecodedFile> files = new TreeMap<>();
    private volatile Inventory current = Inventory.EMPTY;
    /** Reads published so far: resources first read by a later one are newer than those read at start-up. */
    private long reads;

    /** A source over a config root, with the default quiet period for change batches. */
    public FileSource(Path root) {
        this(root, DirectoryWatcher.DEFAULT_QUIET_PERIOD);
    }

    /**
     * @param root        the config root: one sub-directory per cluster
     * @param quietPeriod how long the files must stay unchanged before a change is applied
     */
    public FileSource(Path root, Duration quietPeriod) {
        this.root = root.toAbsolutePath().normalize();
        this.watcher = new DirectoryWatcher(this.root, quietPeriod, this::apply);
    }

    /** The config root. */
    public Path root() {
        return root;
    }

    /**
     * Reads the whole tree, and tells listeners when that changed the inventory.
     *
     * @return the inventory read
     * @throws IOException when the root is not a readable directory
     */
    @Override
    public Inventory load() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root.toString());
        }
        synchronized (lock) {
            SortedMap<FileId, DecodedFile> read = ConfigFiles.readAll(root);
            Inventory next = publish(read);
            LOG.info(
                    "read {} resources from {} files under {}", next.resources().size(), read.size(), root);
            return next;
        }
    }

    /**
     * Starts watching the tree, then reads it; from then on every change is applied within
     * about the quiet period.
     *
     * @throws IOException when the root is not a readable directory or cannot be watched
     */
    @Override
    public void start() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root.toString());
        }
        // Watch first: a change made while loading is then read again rather than missed.
        watcher.start();
        load();
    }

    /** The latest inventory ({@link Inventory#EMPTY} before the first load). */
    public Inventory current() {
        return current;
    }

    /** Calls the listener with each new inventory, after every load or change that altered it. */
    @Override
    public void subscribe(Consumer<Inventory> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops watching. */
    @Override
    public void close() {
        watcher.close();
    }

    @Override
    public long lastQuietNanos() {
        return watcher.lastQuietNanos();
    }

    /** Re-reads what a batch of the watcher names: the root, cluster directories, or files. */
    private void apply(Set<Path> changed) {
        synchronized (lock) {
            SortedMap<FileId, DecodedFile> next = new TreeMap<>(files);
            try {
                if (changed.contains(root)) {
                    next = ConfigFiles.readAll(root);
                } else {
                    for (Path path : new TreeSet<>(changed)) {
                        reread(root.relativize(path), next);
                    }
                }
            } catch (IOException e) {
                LOG.error("cannot read changes under {}: {}; keeping the config read before", root, e.toString());
                return;
            }
            publish(next);
        }
    }

    private void reread(Path relative, SortedMap<FileId, DecodedFile> next) throws IOException {
        String cluster = relative.getName(0).toString();
        if (relative.getNameCount() == 1) {
            next.keySet().removeIf(id -> id.cluster().equals(cluster));
            next.putAll(ConfigFiles.readCluster(root, cluster));
        } else if (relative.getNameCount() == 2) {
            FileId id = new FileId(cluster, relative.getName(1).toString());
            ConfigFiles.read(root, id).ifPresentOrElse(d -> next.put(id, d), () -> next.remove(id));
        }
    }

    /** Builds the inventory of the given files and, when it changed, logs and hands it out. */
    private Inventory publish(SortedMap<FileId, DecodedFile> read) {
        Inventory before = current;
        Inventory next = InventoryBuilder.build(read, before, reads++);
        files = read;
        if (next.equals(before)) {
            return before;
        }
        logChanges(before, next);
        current = next;
        for (Consumer<Inventory> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.error("an inventory listener failed", e);
            }
        }
        return next;
    }

    /** One line per resource that was added, changed or removed. */
    private static void logChanges(Inventory before, Inventory next) {
        boolean initial = before.entries().isEmpty();
        Set<ResourceKey> keys = new TreeSet<>(before.entries().keySet());
        keys.addAll(next.entries().keySet());
        for (ResourceKey key : keys) {
            Inventory.Entry was = before.entries().get(key);
            Inventory.Entry now = next.entries().get(key);
            if (now == null && key.kind() == Kind.FILE) {
                LOG.info("{} is fine now", key.display());
            } else if (now == null) {
                LOG.info("removed {} (was in {})", key, was.origin());
            } else if (!now.equals(was)) {
                logEntry(was == null ? "added" : "updated", now, initial);
            }
        }
    }

    private static void logEntry(String verb, Inventory.Entry entry, boolean initial) {
        ResourceStatus status = entry.status();
        String state = status.state().label(entry.key().kind());
        if (entry.key().kind() == Kind.FILE) {
            // The reason already names the file: "File local/a.yaml: line 3, column 1: ...".
            LOG.warn("{}: {}", state, status.reason());
        } else if (!status.problems().isEmpty()) {
            LOG.warn("{} {} from {}: {}: {}", verb, entry.key(), entry.origin(), state, status.reason());
        } else if (initial) {
            LOG.debug("{} {} from {}", verb, entry.key(), entry.origin());
        } else {
            LOG.info("{} {} from {}", verb, entry.key(), entry.origin());
        }
    }

    @Override
    public String toString() {
        return "config directory " + root;
    }
}
