package dev.spillway.snapshot;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The clock the reconciler reads and the one thread it translates on: a scheduled thread when serving,
 * a clock moved by hand in tests, so the debounce is tested without waiting.
 */
public interface ReconcileScheduler extends AutoCloseable {
    /** Now, in nanoseconds of a monotonic clock. */
    long nanoTime();

    /** Runs the task on the reconcile thread after the delay; the returned handle cancels it. */
    Runnable schedule(Runnable task, long delayNanos);

    @Override
    void close();

    /** A daemon thread named {@code spillway-reconcile} and the JVM's monotonic clock. */
    static ReconcileScheduler singleThread() {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spillway-reconcile");
            t.setDaemon(true);
            return t;
        });
        return new ReconcileScheduler() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Runnable schedule(Runnable task, long delayNanos) {
                ScheduledFuture<?> future = thread.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public void close() {
                thread.shutdownNow();
            }
        };
    }
}
