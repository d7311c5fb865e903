package dev.spillway.it.grpc;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Fail-fast RPCs in a loop, one at a time, as a client under steady traffic would send them. */
final class Traffic {
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(2);

    /**
     * How traffic moved to a color.
     *
     * @param elapsed     from the given start to the first answer from the color
     * @param failedCalls calls that failed on the way (the switch itself may cost some)
     * @param calls       every call made, the successful last one included
     */
    record Switch(Duration elapsed, int failedCalls, int calls) {}

    private Traffic() {}

    /**
     * Calls until {@code color} answers.
     *
     * @param sinceNanos the {@link System#nanoTime()} the switch is measured from
     * @throws AssertionError when {@code color} has not answered within {@code timeout}
     */
    static Switch untilAnswer(Channel channel, String color, long sinceNanos, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int failed = 0;
        int calls = 0;
        String last = "nothing";
        while (System.nanoTime() - deadline < 0) {
            calls++;
            try {
                last = Color.get(channel);
                if (color.equals(last)) {
                    return new Switch(Duration.ofNanos(System.nanoTime() - sinceNanos), failed, calls);
                }
            } catch (StatusRuntimeException e) {
                failed++;
                last = e.getStatus().toString();
                Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
            }
        }
        throw new AssertionError(color + " never answered within " + timeout.toMillis() + " ms (" + calls + " calls, "
                + failed + " failed); last answer: " + last);
    }

    /** {@code count} calls; each answer, or {@code failed: <status>} for a call that failed. */
    static List<String> calls(Channel channel, int count) {
        List<String> answers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            answers.add(answer(channel));
        }
        return answers;
    }

    /**
     * Calls for {@code duration}, at least {@code minimum} times.
     *
     * @return how many calls got each answer ({@code failed: <status>} for a call that failed)
     */
    static Map<String, Integer> callsFor(Channel channel, Duration duration, int minimum) {
        long end = System.nanoTime() + duration.toNanos();
        Map<String, Integer> tally = new TreeMap<>();
        int calls = 0;
        while (calls < minimum || System.nanoTime() - end < 0) {
            tally.merge(answer(channel), 1, Integer::sum);
            calls++;
        }
        return tally;
    }

    private static String answer(Channel channel) {
        try {
            return Color.get(channel);
        } catch (StatusRuntimeException e) {
            return "failed: " + e.getStatus();
        }
    }
}
