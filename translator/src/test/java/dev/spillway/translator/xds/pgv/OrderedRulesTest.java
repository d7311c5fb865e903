package dev.spillway.translator.xds.pgv;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.pgv.validate.Validate.DurationRules;
import io.envoyproxy.pgv.validate.Validate.EnumRules;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import io.envoyproxy.pgv.validate.Validate.Fixed64Rules;
import io.envoyproxy.pgv.validate.Validate.SFixed32Rules;
import io.envoyproxy.pgv.validate.Validate.SInt32Rules;
import io.envoyproxy.pgv.validate.Validate.TimestampRules;
import io.envoyproxy.pgv.validate.Validate.UInt32Rules;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Number, enum, duration and timestamp rules that no Envoy field declares, checked against hand-made rules. */
class OrderedRulesTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private final ValueRules values = new ValueRules(Clock.fixed(NOW, ZoneOffset.UTC));

    private List<Failure> check(FieldRules rules, Object value) {
        return values.check(rules, Cluster.getDescriptor().findFieldByName("lb_policy"), value);
    }

    @Test
    void outsideRangeAdmitsOnlyValuesBeyondTheBounds() {
        FieldRules outside = FieldRules.newBuilder()
                .setSint32(SInt32Rules.newBuilder().setLt(5).setGt(10))
                .build();
        assertThat(check(outside, 3)).isEmpty();
        assertThat(check(outside, 11)).isEmpty();
        assertThat(check(outside, 7)).containsExactly(new Failure("sint32.lt_gt", "must be outside range [5, 10]"));
    }

    @Test
    void unsignedKindsCompareUnsigned() {
        FieldRules port = FieldRules.newBuilder()
                .setUint32(UInt32Rules.newBuilder().setLte(65535))
                .build();
        assertThat(check(port, -1)).containsExactly(new Failure("uint32.lte", "must be less than or equal to 65535"));
        FieldRules big = FieldRules.newBuilder()
                .setFixed64(Fixed64Rules.newBuilder().setGt(-2L))
                .build();
        assertThat(check(big, -1L)).isEmpty();
        assertThat(check(big, 5L))
                .containsExactly(new Failure("fixed64.gt", "must be greater than 18446744073709551614"));
    }

    @Test
    void constInNotInAndIgnoreEmpty() {
        SFixed32Rules.Builder rules =
                SFixed32Rules.newBuilder().addIn(1).addIn(2).addNotIn(2);
        assertThat(check(FieldRules.newBuilder().setSfixed32(rules).build(), 3))
                .extracting(Failure::rule)
                .containsExactly("sfixed32.in");
        assertThat(check(FieldRules.newBuilder().setSfixed32(rules).build(), 2))
                .extracting(Failure::rule)
                .containsExactly("sfixed32.not_in");
        assertThat(check(
                        FieldRules.newBuilder()
                                .setSfixed32(rules.clear().setConst(4))
                                .build(),
                        5))
                .containsExactly(new Failure("sfixed32.const", "must equal 4"));
        assertThat(check(
                        FieldRules.newBuilder()
                                .setSfixed32(rules.setIgnoreEmpty(true))
                                .build(),
                        0))
                .isEmpty();
    }

    @Test
    void enumConstAndIn() {
        var roundRobin = Cluster.LbPolicy.ROUND_ROBIN.getValueDescriptor();
        FieldRules constant = FieldRules.newBuilder()
                .setEnum(EnumRules.newBuilder().setConst(1))
                .build();
        assertThat(check(constant, roundRobin)).containsExactly(new Failure("enum.const", "must equal 1"));
        FieldRules in = FieldRules.newBuilder()
                .setEnum(EnumRules.newBuilder().addIn(1).addIn(2))
                .build();
        assertThat(check(in, roundRobin)).containsExactly(new Failure("enum.in", "must be in list [1, 2]"));
    }

    @Test
    void durationConstInAndNotIn() {
        Duration second = Durations.fromSeconds(1);
        assertThat(check(duration(DurationRules.newBuilder().setConst(second)), Durations.fromSeconds(2)))
                .containsExactly(new Failure("duration.const", "must equal 1s"));
        assertThat(check(duration(DurationRules.newBuilder().addIn(second)), Durations.fromMillis(1500)))
                .containsExactly(new Failure("duration.in", "must be in list [1s]"));
        assertThat(check(duration(DurationRules.newBuilder().addNotIn(second)), second))
                .extracting(Failure::rule)
                .containsExactly("duration.not_in");
        Duration mixedSigns = Duration.newBuilder().setSeconds(1).setNanos(-1).build();
        assertThat(check(duration(DurationRules.newBuilder()), mixedSigns))
                .extracting(Failure::rule)
                .containsExactly("duration.valid");
    }

    @Test
    void timestampBoundsAndNow() {
        Timestamp past = Timestamps.fromMillis(NOW.minusSeconds(60).toEpochMilli());
        Timestamp future = Timestamps.fromMillis(NOW.plusSeconds(60).toEpochMilli());
        assertThat(check(timestamp(TimestampRules.newBuilder().setLt(past)), future))
                .extracting(Failure::rule)
                .containsExactly("timestamp.lt");
        assertThat(check(timestamp(TimestampRules.newBuilder().setGtNow(true)), past))
                .extracting(Failure::rule)
                .containsExactly("timestamp.gt_now");
        assertThat(check(timestamp(TimestampRules.newBuilder().setLtNow(true)), past))
                .isEmpty();
        TimestampRules.Builder within = TimestampRules.newBuilder().setWithin(Durations.fromSeconds(30));
        assertThat(check(timestamp(within), future))
                .containsExactly(new Failure("timestamp.within", "must be within 30s of now"));
    }

    private static FieldRules duration(DurationRules.Builder rules) {
        return FieldRules.newBuilder().setDuration(rules).build();
    }

    private static FieldRules timestamp(TimestampRules.Builder rules) {
        return FieldRules.newBuilder().setTimestamp(rules).build();
    }
}
