package dev.spillway.snapshot;

import com.google.protobuf.Message;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.source.Inventory;
import dev.spillway.translator.IncrementalTranslator;
import dev.spillway.translator.Translation;
import dev.spillway.translator.xds.XdsResources;
import io.envoyproxy.controlplane.cache.SnapshotConsistencyException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer: takes inventories from sources (any thread), waits for a burst of changes to
 * settle, translates on its own thread, and publishes every proxy group's snapshot.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final SnapshotStore store;
    private final Settings settings;
    private final ReconcileScheduler scheduler;
    private final List<Consumer<Translation>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private Inventory pending;
    private long pendingSinceNanos;
    private Runnable scheduled;
    private volatile Translation current;
    private final IncrementalTranslator translator = new IncrementalTranslator();
    private volatile long publishedGroups;
    private volatile long lastDurationNanos;
    private volatile ReconcileTiming lastTiming;

    /**
     * Debounce settings.
     *
     * @param quietPeriod wait this long after the last change before translating
     * @param maxDelay    but never longer than this after the first change of a burst
     */
    public record Settings(Duration quietPeriod, Duration maxDelay) {
        public static final Settings DEFAULT = new Settings(Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    public Reconciler(SnapshotStore store, Settings settings) {
        this(store, settings, ReconcileScheduler.singleThread());
    }

    /** A reconciler that waits and translates on the given scheduler (a hand-driven one in tests). */
    public Reconciler(SnapshotStore store, Settings settings, ReconcileScheduler scheduler) {
        this.store = store;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    /** Hands over a new inventory; the latest one wins. */
    public void submit(Inventory inventory) {
        synchronized (lock) {
            long now = scheduler.nanoTime();
            if (pending == null) {
                pendingSinceNanos = now;
            }
            pending = inventory;
            if (scheduled != null) {
                scheduled.run();
            }
            long deadline = pendingSinceNanos + settings.maxDelay().toNanos();
            long delay = Math.min(settings.quietPeriod().toNanos(), Math.max(0, deadline - now));
            scheduled = scheduler.schedule(this::reconcile, delay);
        }
    }

    /** Translates and publishes now, on the caller's thread (start-up, tests). */
    public Translation reconcileNow(Inventory inventory) {
        synchronized (lock) {
            pending = inventory;
            pendingSinceNanos = Long.MIN_VALUE;
        }
        reconcile();
        return current;
    }

    /** The latest translation, or null before the first one. */
    public Translation current() {
        return current;
    }

    /** Called on the reconcile thread after every translation. */
    public void addListener(Consumer<Translation> listener) {
        listeners.add(listener);
    }

    private synchronized void reconcile() {
        Inventory inventory;
        long since;
        synchronized (lock) {
            inventory = pending;
            since = pendingSinceNanos;
            pending = null;
            scheduled = null;
        }
        if (inventory == null) {
            return;
        }
        try {
            long start = scheduler.nanoTime();
            long confinedBefore = translator.confinedTranslations();
            Translation translation = translator.translate(inventory);
            long translated = scheduler.nanoTime();
            publishAll(translation);
            current = translation;
            long published = scheduler.nanoTime();
            lastDurationNanos = published - start;
            lastTiming = new ReconcileTiming(
                    since == Long.MIN_VALUE ? 0 : start - since,
                    translated - start,
                    published - translated,
                    translator.confinedTranslations() > confinedBefore);
            LOG.info(
                    "translated {} resources into {} proxy groups in {} ms",
                    translation.statuses().size(),
                    translation.groups().size(),
                    lastDurationNanos / 1_000_000);
            listeners.forEach(l -> l.accept(translation));
        } catch (RuntimeException e) {
            // Only a bug gets here; the last good snapshots keep serving.
            LOG.error("translation failed; the previous snapshots keep serving", e);
        }
    }

    private void publishAll(Translation translation) {
        Set<ProxyGroup> before = new HashSet<>(store.groups());
        translation.groups().forEach((group, xds) -> {
            before.remove(group);
            try {
                if (store.publish(group, resourcesOf(xds), xds.index().edsServiceNames())) {
                    publishedGroups++;
                }
            } catch (SnapshotConsistencyException e) {
                LOG.error(
                        "group {}: inconsistent snapshot not published, previous one kept: {}", group, e.getMessage());
            }
        });
        before.forEach(store::clear);
    }

    /** How long the latest translation and publication took. */
    public long lastDurationNanos() {
        return lastDurationNanos;
    }

    /** Where the time of the latest reconciliation went, or null before the first one. */
    public ReconcileTiming lastTiming() {
        return lastTiming;
    }

    /** The number of group snapshots published since start. */
    public long publishedGroups() {
        return publishedGroups;
    }

    static Map<XdsType, List<? extends Message>> resourcesOf(XdsResources xds) {
        Map<XdsType, List<? extends Message>> map = new EnumMap<>(XdsType.class);
        map.put(XdsType.CLUSTER, xds.clusters());
        map.put(XdsType.ENDPOINT, xds.endpoints());
        map.put(XdsType.LISTENER, xds.listeners());
        map.put(XdsType.ROUTE, xds.routes());
        map.put(XdsType.SECRET, xds.secrets());
        return map;
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
