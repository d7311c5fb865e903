package dev.spillway.server.xds;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.snapshot.XdsType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rejections proxies reported: the latest one per group and type while it is current (until the group
 * accepts a newer version of that type), and a bounded history. Thread-safe.
 */
public final class NackLog {
    private static final Logger LOG = LoggerFactory.getLogger(NackLog.class);

    /** How many rejections {@link #history()} keeps by default. */
    public static final int DEFAULT_HISTORY = 100;

    private static final int WARNED_KEYS = 1_000;

    private record Key(ProxyGroup group, XdsType type) {}

    private record Distinct(ProxyGroup group, XdsType type, String version, String message) {}

    private final int historySize;
    private final Map<Key, NackRecord> current = new LinkedHashMap<>();
    private final Deque<NackRecord> history = new ArrayDeque<>();
    private final Map<Distinct, Boolean> warned = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Distinct, Boolean> eldest) {
            return size() > WARNED_KEYS;
        }
    };
    private final List<Consumer<NackRecord>> listeners = new CopyOnWriteArrayList<>();
    private long total;

    public NackLog() {
        this(DEFAULT_HISTORY);
    }

    public NackLog(int historySize) {
        this.historySize = historySize;
    }

    /** Records a rejection; the first of its kind (group, type, version, message) is logged. */
    public void record(NackRecord nack) {
        boolean first;
        synchronized (this) {
            total++;
            current.put(new Key(nack.group(), nack.type()), nack);
            history.addLast(nack);
            while (history.size() > historySize) {
                history.removeFirst();
            }
            first = warned.put(new Distinct(nack.group(), nack.type(), nack.version(), nack.message()), true) == null;
        }
        if (first) {
            LOG.warn(
                    "proxy {} (group {}) rejected {} version {} nonce {} resources {}: {}",
                    nack.nodeId(),
                    nack.group(),
                    nack.type(),
                    nack.version(),
                    nack.nonce(),
                    nack.resourceNames(),
                    nack.message());
        }
        listeners.forEach(l -> l.accept(nack));
    }

    /** A proxy of the group accepted {@code version}: a rejection of any other version is no longer current. */
    public synchronized void onAck(ProxyGroup group, XdsType type, String version) {
        Key key = new Key(group, type);
        NackRecord nack = current.get(key);
        if (nack != null && !nack.version().equals(version)) {
            current.remove(key);
        }
    }

    /** The current rejections, by group then type. */
    public synchronized List<NackRecord> current() {
        List<NackRecord> list = new ArrayList<>(current.values());
        list.sort(Comparator.comparing(NackRecord::group).thenComparing(NackRecord::type));
        return List.copyOf(list);
    }

    /** The group's current rejection of a type, if any. */
    public synchronized Optional<NackRecord> current(ProxyGroup group, XdsType type) {
        return Optional.ofNullable(current.get(new Key(group, type)));
    }

    /** The latest rejections, oldest first. */
    public synchronized List<NackRecord> history() {
        return List.copyOf(history);
    }

    /** The number of rejections since start. */
    public synchronized long total() {
        return total;
    }

    /** Called, on the stream's thread, after every rejection is recorded. */
    public void addListener(Consumer<NackRecord> listener) {
        listeners.add(listener);
    }
}
