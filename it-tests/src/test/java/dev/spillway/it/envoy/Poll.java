package dev.spillway.it.envoy;

import java.time.Duration;
import java.util.function.Supplier;

/** Waiting for a condition that Envoy reaches on its own time. */
final class Poll {
    private Poll() {}

    /**
     * Polls {@code condition} every {@code every} until it holds, and returns how long that took; fails
     * with {@code what} and the last value of {@code state} when {@code timeout} passes first.
     */
    static Duration until(
            String what, Duration timeout, Duration every, Supplier<Boolean> condition, Supplier<String> state) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Throwable last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                String seen;
                try {
                    seen = state.get();
                } catch (RuntimeException e) {
                    seen = "(state unavailable: " + e + ")";
                }
                AssertionError error = new AssertionError(
                        "timed out after " + timeout.toMillis() + " ms waiting for " + what + "; last seen: " + seen);
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            sleep(every);
        }
    }

    static Duration until(String what, Duration timeout, Supplier<Boolean> condition, Supplier<String> state) {
        return until(what, timeout, Duration.ofMillis(50), condition, state);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
