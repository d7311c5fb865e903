package dev.spillway.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code spillway serve} stops on SIGTERM: {@code /readyz} turns 503 at once, then after {@code delay} (the
 * time for the Service's endpoints to drop this replica) the xDS port stops taking streams and sends GOAWAY,
 * then the open streams get up to {@code timeout} to end before they are cut.
 *
 * @param delay   pause between readiness off and GOAWAY ({@code --drain-delay})
 * @param timeout longest wait for the streams to end after GOAWAY ({@code --drain-timeout})
 */
public record DrainPolicy(Duration delay, Duration timeout) {
    /** 5 s pause, 20 s for the streams. */
    public static final DrainPolicy DEFAULT = new DrainPolicy(Duration.ofSeconds(5), Duration.ofSeconds(20));

    public DrainPolicy {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(timeout, "timeout");
        if (delay.isNegative() || timeout.isNegative()) {
            throw new IllegalArgumentException("drain delay and timeout must not be negative");
        }
    }

    /** Waits out the drain delay; tests pass one that waits for them instead of the clock. */
    @FunctionalInterface
    public interface Pause {
        /** {@link Thread#sleep}. */
        Pause SLEEP = d -> Thread.sleep(d.toMillis());

        void pause(Duration delay) throws InterruptedException;
    }
}
