package dev.spillway.api.codec;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in protobuf JSON form ({@code "1s"}, {@code "0.25s"}), the only form Gloo accepts.
 *
 * @see <a href="https://protobuf.dev/programming-guides/json/">protobuf JSON mapping</a>
 */
final class Durations {

    private static final Pattern FORM = Pattern.compile("^(-?)(\\d+)(?:\\.(\\d{1,9}))?s$");
    /** google.protobuf.Duration's range: +-10,000 years. */
    private static final long MAX_SECONDS = 315_576_000_000L;

    private Durations() {}

    /** The duration written as {@code text}, or empty when it is not in protobuf JSON form. */
    static Optional<Duration> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches() || m.group(2).length() > 12) {
            return Optional.empty();
        }
        long seconds = Long.parseLong(m.group(2));
        if (seconds > MAX_SECONDS) {
            return Optional.empty();
        }
        String fraction = m.group(3) == null ? "" : m.group(3);
        long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "00000000").substring(0, 9));
        Duration d = Duration.ofSeconds(seconds, nanos);
        return Optional.of(m.group(1).isEmpty() ? d : d.negated());
    }

    /** Protobuf JSON form of {@code d}: {@code 1s}, {@code 0.250s}, without trailing zeros. */
    static String format(Duration d) {
        BigDecimal seconds = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
        return seconds.stripTrailingZeros().toPlainString() + "s";
    }
}
