package dev.spillway.translator.xds.pgv;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.envoyproxy.pgv.validate.Validate.FieldRules.TypeCase;
import java.util.Comparator;
import java.util.function.Function;

/** How the values of one rule kind are ordered and printed. */
record Scale(Comparator<Object> order, Function<Object, String> printer) {
    static final Scale SIGNED =
            new Scale((a, b) -> Long.compare(number(a).longValue(), number(b).longValue()), String::valueOf);
    static final Scale UNSIGNED_32 = new Scale(
            (a, b) -> Integer.compareUnsigned(number(a).intValue(), number(b).intValue()),
            v -> Integer.toUnsignedString(number(v).intValue()));
    static final Scale UNSIGNED_64 = new Scale(
            (a, b) -> Long.compareUnsigned(number(a).longValue(), number(b).longValue()),
            v -> Long.toUnsignedString(number(v).longValue()));
    static final Scale FLOATING = new Scale(Scale::compareFloating, String::valueOf);
    static final Scale DURATION =
            new Scale((a, b) -> Durations.compare((Duration) a, (Duration) b), v -> Durations.toString((Duration) v));
    static final Scale TIMESTAMP = new Scale(
            (a, b) -> Timestamps.compare((Timestamp) a, (Timestamp) b), v -> Timestamps.toString((Timestamp) v));

    static Scale of(TypeCase kind) {
        return switch (kind) {
            case FLOAT, DOUBLE -> FLOATING;
            case UINT32, FIXED32 -> UNSIGNED_32;
            case UINT64, FIXED64 -> UNSIGNED_64;
            default -> SIGNED;
        };
    }

    int compare(Object a, Object b) {
        return order.compare(a, b);
    }

    String print(Object value) {
        return printer.apply(value);
    }

    private static Number number(Object value) {
        return (Number) value;
    }

    // Plain operators rather than Double.compare: -0.0 equals 0.0 here, as in PGV.
    private static int compareFloating(Object a, Object b) {
        double x = number(a).doubleValue();
        double y = number(b).doubleValue();
        return x < y ? -1 : x > y ? 1 : 0;
    }
}
