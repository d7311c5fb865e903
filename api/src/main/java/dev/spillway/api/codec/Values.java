package dev.spillway.api.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;

/** Pure checks of one scalar YAML value; the result carries either the value or the fault. */
final class Values {

    private Values() {}

    /**
     * A checked value.
     *
     * @param value the value, null when absent or invalid
     * @param error the fault ({@code must be a string}), null when none
     */
    record Checked<T>(T value, String error) {
        static <T> Checked<T> ok(T value) {
            return new Checked<>(value, null);
        }

        static <T> Checked<T> fail(String error) {
            return new Checked<>(null, error);
        }
    }

    static Checked<String> string(JsonNode v) {
        if (v == null) {
            return Checked.ok(null);
        }
        return v.isTextual() ? Checked.ok(v.textValue()) : Checked.fail("must be a string");
    }

    static Checked<Boolean> bool(JsonNode v) {
        if (v == null) {
            return Checked.ok(null);
        }
        return v.isBoolean() ? Checked.ok(v.booleanValue()) : Checked.fail("must be a boolean");
    }

    /**
     * An integer in {@code min..max}. Below {@code min} reads {@code must be at least min} when
     * {@code atLeastForm} (there is no meaningful upper bound), otherwise {@code N is outside min..max}.
     */
    static Checked<Integer> integer(JsonNode v, long min, long max, boolean atLeastForm) {
        if (v == null) {
            return Checked.ok(null);
        }
        if (!v.isIntegralNumber()) {
            return Checked.fail("must be an integer");
        }
        BigInteger value = v.bigIntegerValue();
        if (atLeastForm && value.compareTo(BigInteger.valueOf(min)) < 0) {
            return Checked.fail("must be at least " + min);
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            return Checked.fail(value + " is outside " + min + ".." + max);
        }
        return Checked.ok(value.intValue());
    }

    /** A percentage: a number in {@code 0..100}, above 0 unless {@code zeroAllowed}. */
    static Checked<Double> percentage(JsonNode v, boolean zeroAllowed) {
        if (v == null) {
            return Checked.ok(null);
        }
        if (!v.isNumber()) {
            return Checked.fail("must be a number (a percentage)");
        }
        double p = v.doubleValue();
        // Written as the range it must be in, so NaN (YAML .nan) falls outside it too.
        boolean inRange = (zeroAllowed ? p >= 0 : p > 0) && p <= 100;
        if (!inRange) {
            return Checked.fail("must be " + (zeroAllowed ? "at least 0" : "greater than 0") + " and at most 100, not "
                    + v.asText());
        }
        return Checked.ok(p);
    }

    /** A number (protobuf DoubleValue) in {@code min..max}. */
    static Checked<Double> number(JsonNode v, double min, double max) {
        if (v == null) {
            return Checked.ok(null);
        }
        if (!v.isNumber()) {
            return Checked.fail("must be a number");
        }
        double value = v.doubleValue();
        if (!(value >= min && value <= max)) {
            return Checked.fail(v.asText() + " is outside " + plain(min) + ".." + plain(max));
        }
        return Checked.ok(value);
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static Checked<Long> longInteger(JsonNode v) {
        if (v == null) {
            return Checked.ok(null);
        }
        return v.isIntegralNumber() && v.canConvertToLong()
                ? Checked.ok(v.longValue())
                : Checked.fail("must be an integer");
    }

    /**
     * A protobuf JSON duration string ({@code "1s"}); positive only when {@code positive}, and never
     * negative: no Gloo duration has a meaning below zero, and a negative fraction such as {@code -0.5s}
     * would otherwise reach a proto as seconds -1, nanos +5e8, a Duration protobuf rejects.
     */
    static Checked<Duration> duration(JsonNode v, boolean positive) {
        if (v == null) {
            return Checked.ok(null);
        }
        if (!v.isTextual()) {
            return Checked.fail("must be a duration string such as \"1s\"");
        }
        Duration d = Durations.parse(v.textValue()).orElse(null);
        if (d == null) {
            return Checked.fail("\"" + v.textValue()
                    + "\" is not a duration (expected protobuf JSON form such as \"1s\" or \"0.25s\")");
        }
        if (positive && (d.isZero() || d.isNegative())) {
            return Checked.fail("must be greater than 0");
        }
        if (d.isNegative()) {
            return Checked.fail("must not be negative");
        }
        return Checked.ok(d);
    }

    /** True for values that change nothing when ignored: false, {}, [], "". */
    static boolean isEmpty(JsonNode v) {
        return v.isBoolean() && !v.booleanValue()
                || v.isContainerNode() && v.isEmpty()
                || v.isTextual() && v.textValue().isEmpty();
    }
}
