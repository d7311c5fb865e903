package dev.spillway.translator.xds.pgv;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.envoyproxy.pgv.validate.Validate.EnumRules;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import io.envoyproxy.pgv.validate.Validate.FieldRules.TypeCase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Applies the type rules of a field to one value: a singular field's, a repeated item's, a map key or value. */
final class ValueRules {
    private static final Set<String> WRAPPERS = Set.of(
            "google.protobuf.DoubleValue",
            "google.protobuf.FloatValue",
            "google.protobuf.Int64Value",
            "google.protobuf.UInt64Value",
            "google.protobuf.Int32Value",
            "google.protobuf.UInt32Value",
            "google.protobuf.BoolValue",
            "google.protobuf.StringValue",
            "google.protobuf.BytesValue");

    private final TimeChecks time;

    ValueRules(Clock clock) {
        this.time = new TimeChecks(clock);
    }

    /** The failures of a singular message field that is not set: only the {@code required} rules apply. */
    static List<Failure> missing(FieldRules rules) {
        if (rules.getMessage().getRequired()) {
            return List.of(new Failure("message.required", "is required"));
        }
        boolean required = switch (rules.getTypeCase()) {
            case DURATION -> rules.getDuration().getRequired();
            case TIMESTAMP -> rules.getTimestamp().getRequired();
            case ANY -> rules.getAny().getRequired();
            default -> false;
        };
        String kind = rules.getTypeCase().name().toLowerCase(Locale.ROOT);
        return required ? List.of(new Failure(kind + ".required", "is required")) : List.of();
    }

    List<Failure> check(FieldRules rules, FieldDescriptor field, Object value) {
        Object plain = unwrap(value);
        return switch (rules.getTypeCase()) {
            case FLOAT, DOUBLE, INT32, INT64, UINT32, UINT64, SINT32, SINT64, FIXED32, FIXED64, SFIXED32, SFIXED64 ->
                numeric(rules, plain);
            case BOOL ->
                rules.getBool().hasConst() && !plain.equals(rules.getBool().getConst())
                        ? List.of(new Failure(
                                "bool.const", "must equal " + rules.getBool().getConst()))
                        : List.of();
            case STRING -> StringChecks.check(rules.getString(), (String) plain);
            case BYTES -> BytesChecks.check(rules.getBytes(), (ByteString) plain);
            case ENUM -> enumeration(rules.getEnum(), field.getEnumType(), plain);
            case DURATION -> time.duration(rules.getDuration(), (Message) value);
            case TIMESTAMP -> time.timestamp(rules.getTimestamp(), (Message) value);
            case ANY -> AnyPayloads.check(rules.getAny(), (Message) value);
            default -> List.of();
        };
    }

    // Scalar rules on a wrapper field (UInt32Value and the like) apply to the wrapped value.
    private static Object unwrap(Object value) {
        if (value instanceof Message message
                && WRAPPERS.contains(message.getDescriptorForType().getFullName())) {
            return message.getField(message.getDescriptorForType().findFieldByNumber(1));
        }
        return value;
    }

    private static List<Failure> numeric(FieldRules rules, Object value) {
        TypeCase kind = rules.getTypeCase();
        Message numberRules =
                (Message) rules.getField(FieldRules.getDescriptor().findFieldByNumber(kind.getNumber()));
        FieldDescriptor ignoreEmpty = numberRules.getDescriptorForType().findFieldByName("ignore_empty");
        if (!(value instanceof Number number)
                || (Boolean) numberRules.getField(ignoreEmpty) && number.doubleValue() == 0) {
            return List.of();
        }
        return RangeRules.check(kind.name().toLowerCase(Locale.ROOT), numberRules, number, Scale.of(kind));
    }

    private static List<Failure> enumeration(EnumRules rules, EnumDescriptor type, Object value) {
        int number = value instanceof EnumValueDescriptor e ? e.getNumber() : ((Number) value).intValue();
        List<Failure> out = new ArrayList<>();
        if (rules.hasConst() && number != rules.getConst()) {
            out.add(new Failure("enum.const", "must equal " + rules.getConst()));
        }
        if (rules.getDefinedOnly() && type.findValueByNumber(number) == null) {
            out.add(new Failure("enum.defined_only", "must be a defined " + type.getName() + " value, not " + number));
        }
        if (rules.getInCount() > 0 && !rules.getInList().contains(number)) {
            out.add(new Failure("enum.in", "must be in list " + rules.getInList()));
        }
        if (rules.getNotInList().contains(number)) {
            out.add(new Failure("enum.not_in", "must not be in list " + rules.getNotInList()));
        }
        return out;
    }
}
