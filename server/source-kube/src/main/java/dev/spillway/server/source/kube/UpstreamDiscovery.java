package dev.spillway.server.source.kube;

import dev.spillway.api.source.Inventory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link UpstreamWriter} on its own thread: after every inventory change, and again every
 * {@code resync} (a replica that just became leader, or a write that failed, is caught up then). A
 * round costs no API call unless something is to be written. Rounds never overlap; a change during a
 * round yields one more.
 */
public final class UpstreamDiscovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamDiscovery.class);

    /** How often discovery looks again without a change. */
    public static final Duration RESYNC = Duration.ofSeconds(5);

    private final UpstreamWriter writer;
    private final Supplier<Inventory> inventory;
    private final Duration resync;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "spillway-upstream-discovery");
        thread.setDaemon(true);
        return thread;
    });

    public UpstreamDiscovery(UpstreamWriter writer, Supplier<Inventory> inventory, Duration resync) {
        this.writer = writer;
        this.inventory = inventory;
        this.resync = resync;
    }

    /** Starts the periodic rounds. */
    public void start() {
        long every = resync.toMillis();
        executor.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
    }

    /** The inventory changed: a round soon. Returns at once. */
    public void changed() {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                pending.set(false);
                round();
            });
        } catch (RejectedExecutionException e) {
            pending.set(false);
        }
    }

    private void round() {
        try {
            writer.write(inventory.get());
        } catch (RuntimeException e) {
            LOG.error("upstream discovery failed", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
