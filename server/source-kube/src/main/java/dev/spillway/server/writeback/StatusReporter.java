package dev.spillway.server.writeback;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link StatusWriter} on its own thread so that the reconcile thread never waits on an API
 * server. Only the latest statuses matter: a round still waiting when newer statuses arrive is
 * replaced by them. A round with failed writes is tried again after a back-off (doubling from
 * {@link #FIRST_RETRY} to {@link #LAST_RETRY}) until it succeeds or newer statuses replace it: a status
 * is not left stale because nothing else changed after an API server hiccup.
 */
public final class StatusReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

    private final StatusWriter writer;
    private final AtomicReference<StatusRound> next = new AtomicReference<>();
    private volatile StatusRound last;
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private Duration retryDelay = FIRST_RETRY;
    private final ScheduledThreadPoolExecutor executor = writerThread();

    /** One daemon thread; a retry still waiting when the reporter closes is dropped. */
    private static ScheduledThreadPoolExecutor writerThread() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "spillway-status-writer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    public StatusReporter(StatusWriter writer) {
        this.writer = writer;
    }

    /** Queues the statuses of a translation, replacing any not written yet. Returns at once. */
    public void submit(Inventory inventory, Map<ResourceKey, ResourceStatus> statuses) {
        submit(new StatusRound(inventory, statuses));
    }

    /** Queues the latest statuses again: a replica that just became leader writes them. */
    public void resubmit() {
        StatusRound round = last;
        if (round != null) {
            submit(round);
        }
    }

    /** Queues one translation's round, replacing any not written yet. Returns at once. */
    public void submit(StatusRound round) {
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
        StatusRound round = next.getAndSet(null);
        if (round == null) {
            return;
        }
        boolean failed;
        try {
            failed = writer.write(round).failed() > 0;
        } catch (RuntimeException e) {
            LOG.error("writing statuses failed", e);
            failed = true;
        }
        if (!failed) {
            retryDelay = FIRST_RETRY;
            return;
        }
        Duration delay = retryDelay;
        retryDelay = delay.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay.multipliedBy(2);
        LOG.info("statuses not all written: trying again in {} ms", delay.toMillis());
        try {
            executor.schedule(() -> retry(round), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("status reporter closed: retry dropped");
        }
    }

    /** Writes {@code round} again unless newer statuses came meanwhile (they are queued or written). */
    private void retry(StatusRound round) {
        if (last == round && next.compareAndSet(null, round)) {
            drain();
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
