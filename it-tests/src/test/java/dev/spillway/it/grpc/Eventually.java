package dev.spillway.it.grpc;

import java.time.Duration;

/** Polling with a deadline: what the tests use instead of sleeping and hoping. */
final class Eventually {
    /** The pause between two unsuccessful probes; it only keeps polling from spinning. */
    private static final Duration PAUSE = Duration.ofMillis(10);

    /** A check that returns its result, or null (or throws) when it is not there yet. */
    @FunctionalInterface
    interface Probe<T> {
        T probe() throws Exception;
    }

    private Eventually() {}

    /**
     * Probes until it returns a result, and returns it.
     *
     * @param what    what is awaited, for the failure message
     * @param timeout how long to keep trying
     * @throws AssertionError when the deadline passes, with the probe's last exception as the cause
     */
    static <T> T await(String what, Duration timeout, Probe<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                T result = probe.probe();
                if (result != null) {
                    return result;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "still waiting for " + what + " after " + timeout.toMillis() + " ms"
                                + (last == null ? "" : "; last attempt: " + last),
                        last);
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Probes until the condition holds. */
    static void until(String what, Duration timeout, Probe<Boolean> condition) {
        await(what, timeout, () -> Boolean.TRUE.equals(condition.probe()) ? Boolean.TRUE : null);
    }
}
