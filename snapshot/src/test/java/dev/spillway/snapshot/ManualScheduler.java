package dev.spillway.snapshot;

import java.util.PriorityQueue;

/** A reconcile scheduler whose clock moves only when the test moves it; tasks run on the test's thread. */
final class ManualScheduler implements ReconcileScheduler {
    private record Task(long at, long order, Runnable run, boolean[] cancelled) {}

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private long now;
    private long order;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Runnable schedule(Runnable task, long delayNanos) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delayNanos, order++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock to the time, running every task due by then in order. */
    void advanceTo(long nanos) {
        while (!tasks.isEmpty() && tasks.peek().at <= nanos) {
            Task t = tasks.poll();
            now = Math.max(now, t.at);
            if (!t.cancelled[0]) {
                t.run.run();
            }
        }
        now = Math.max(now, nanos);
    }

    @Override
    public void close() {
        tasks.clear();
    }
}
