package dev.spillway.server.writeback;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link StatusWriter} on its own thread so that the reconcile thread never waits on an API
 * server. Only the latest statuses matter: a round still waiting when newer statuses arrive is
 * replaced by them.
 */
public final class StatusReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

    /** The statuses of one translation and the inventory they came from. */
    private record Round(Inventory inventory, Map<ResourceKey, ResourceStatus> statuses) {}

    private final StatusWriter writer;
    private final AtomicReference<Round> next = new AtomicReference<>();
    private volatile Round last;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "spillway-status-writer");
        thread.setDaemon(true);
        return thread;
    });

    public StatusReporter(StatusWriter writer) {
        this.writer = writer;
    }

    /** Queues the statuses of a translation, replacing any not written yet. Returns at once. */
    public void submit(Inventory inventory, Map<ResourceKey, ResourceStatus> statuses) {
        submit(new Round(inventory, Map.copyOf(statuses)));
    }

    /** Queues the latest statuses again: a replica that just became leader writes them. */
    public void resubmit() {
        Round round = last;
        if (round != null) {
            submit(round);
        }
    }

    private void submit(Round round) {
        last = round;
        if (next.getAndSet(round) != null) {
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            LOG.debug("status reporter closed: statuses dropped");
        }
    }

    private void drain() {
        Round round = next.getAndSet(null);
        if (round == null) {
            return;
        }
        try {
            writer.write(round.inventory(), round.statuses());
        } catch (RuntimeException e) {
            LOG.error("writing statuses failed", e);
        }
    }

    /** Stops, letting a round in progress finish for a few seconds. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
