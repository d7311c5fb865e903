package dev.spillway.translator.xds.pgv;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.envoyproxy.pgv.validate.Validate.DurationRules;
import io.envoyproxy.pgv.validate.Validate.TimestampRules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code duration} and {@code timestamp} rules of set fields; {@code required} is checked by the walk. A value
 * out of the types' documented range is reported as {@code duration.valid} / {@code timestamp.valid}, as PGV does.
 */
final class TimeChecks {
    private final Clock clock;

    TimeChecks(Clock clock) {
        this.clock = clock;
    }

    List<Failure> duration(DurationRules rules, Message value) {
        Duration duration = toDuration(value);
        if (!Durations.isValid(duration)) {
            return List.of(new Failure("duration.valid", "must be a valid duration"));
        }
        return RangeRules.check("duration", rules, duration, Scale.DURATION);
    }

    List<Failure> timestamp(TimestampRules rules, Message value) {
        Timestamp time = toTimestamp(value);
        if (!Timestamps.isValid(time)) {
            return List.of(new Failure("timestamp.valid", "must be a valid timestamp"));
        }
        List<Failure> out = new ArrayList<>(RangeRules.check("timestamp", rules, time, Scale.TIMESTAMP));
        Instant at = Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
        Instant now = clock.instant();
        if (rules.getLtNow() && !at.isBefore(now)) {
            out.add(new Failure("timestamp.lt_now", "must be before now"));
        }
        if (rules.getGtNow() && !at.isAfter(now)) {
            out.add(new Failure("timestamp.gt_now", "must be after now"));
        }
        if (rules.hasWithin()) {
            Duration within = rules.getWithin();
            var limit = java.time.Duration.ofSeconds(within.getSeconds(), within.getNanos());
            if (java.time.Duration.between(at, now).abs().compareTo(limit) > 0) {
                out.add(new Failure("timestamp.within", "must be within " + Durations.toString(within) + " of now"));
            }
        }
        return out;
    }

    // Values unpacked from an Any are DynamicMessages, so read the fields rather than cast.
    private static Duration toDuration(Message value) {
        if (value instanceof Duration duration) {
            return duration;
        }
        Descriptor type = value.getDescriptorForType();
        return Duration.newBuilder()
                .setSeconds((Long) value.getField(type.findFieldByName("seconds")))
                .setNanos((Integer) value.getField(type.findFieldByName("nanos")))
                .build();
    }

    private static Timestamp toTimestamp(Message value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp;
        }
        Descriptor type = value.getDescriptorForType();
        return Timestamp.newBuilder()
                .setSeconds((Long) value.getField(type.findFieldByName("seconds")))
                .setNanos((Integer) value.getField(type.findFieldByName("nanos")))
                .build();
    }
}
