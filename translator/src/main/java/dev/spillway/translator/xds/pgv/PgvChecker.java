package dev.spillway.translator.xds.pgv;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TypeRegistry;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import io.envoyproxy.pgv.validate.Validate.MapRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a message against the {@code (validate.rules)} options Envoy declares on its proto fields, the
 * rules Envoy itself enforces when it accepts a config, by reading the options from the descriptors.
 *
 * <p>The walk visits fields in field-number order and descends into every set message field, repeated
 * message item and map value, unless the field has {@code message.skip} or the message type is marked
 * {@code (validate.disabled)} or {@code (validate.ignored)}. A {@code google.protobuf.Any} is unpacked with
 * the {@link TypeRegistry} and its payload checked below the Any's path ({@code typed_config.stat_prefix});
 * a type the registry does not know is itself a violation, rule {@code any.type}.
 *
 * <p>Presence follows PGV: proto3 scalars without presence are checked even when zero or empty (unless
 * {@code ignore_empty}); fields in a oneof or with explicit presence only when set; an unset message field
 * only against {@code message.required} and the {@code required} of {@code duration}, {@code timestamp} and
 * {@code any}. Scalar rules on wrapper types ({@code UInt32Value}, ...) apply to the wrapped value when set.
 *
 * <p>Covered rule kinds:
 * <ul>
 *   <li>{@code string}: const, len, min_len, max_len, len_bytes, min_bytes, max_bytes, pattern, prefix,
 *       suffix, contains, not_contains, in, not_in, ignore_empty, and the well-known hostname, ip, ipv4,
 *       ipv6, address, uuid, email, uri, uri_ref and well_known_regex HTTP_HEADER_NAME / HTTP_HEADER_VALUE,
 *       strict and not;</li>
 *   <li>{@code bytes}: const, len, min_len, max_len, pattern, prefix, suffix, contains, in, not_in, ip,
 *       ipv4, ipv6, ignore_empty;</li>
 *   <li>{@code float}, {@code double}, {@code int32}, {@code int64}, {@code uint32}, {@code uint64},
 *       {@code sint32}, {@code sint64}, {@code fixed32}, {@code fixed64}, {@code sfixed32}, {@code sfixed64}:
 *       const, lt, lte, gt, gte (including ranges that exclude the span between the bounds), in, not_in,
 *       ignore_empty; unsigned kinds compare unsigned;</li>
 *   <li>{@code bool}: const; {@code enum}: const, defined_only, in, not_in;</li>
 *   <li>{@code message}: required, skip; message options {@code disabled} and {@code ignored}; oneof
 *       {@code required};</li>
 *   <li>{@code repeated}: min_items, max_items, unique, items, ignore_empty; {@code map}: min_pairs,
 *       max_pairs, keys, values, ignore_empty;</li>
 *   <li>{@code duration}: required, const, lt, lte, gt, gte, in, not_in; {@code timestamp}: required, const,
 *       lt, lte, gt, gte, lt_now, gt_now, within; {@code any}: required, in, not_in.</li>
 * </ul>
 *
 * <p>Not covered: {@code map.no_sparse} (a Java map value is never unset); {@code pattern} is compiled by
 * {@code java.util.regex}, not RE2, so RE2-only syntax reports a violation saying it cannot be checked and
 * {@code $} also matches before a final line break; {@code email} accepts only a bare
 * {@code local@hostname}, and {@code uri} / {@code uri_ref} follow {@link java.net.URI} rather than Go's
 * parser. Rules on extensions and unknown fields of the checked messages are not looked at.
 *
 * <p>Thread-safe; descriptor options are cached per instance.
 */
public final class PgvChecker {
    private final RuleLookup lookup = new RuleLookup();
    private final AnyPayloads payloads;
    private final ValueRules values;

    /** A checker that unpacks {@code google.protobuf.Any} values with the types in {@code anyTypes}. */
    public PgvChecker(TypeRegistry anyTypes) {
        this(anyTypes, Clock.systemUTC());
    }

    PgvChecker(TypeRegistry anyTypes, Clock clock) {
        this.payloads = new AnyPayloads(anyTypes);
        this.values = new ValueRules(clock);
    }

    /** Every violation in {@code message} and below, in field-number order; empty when it is valid. */
    public List<Violation> check(MessageOrBuilder message) {
        List<Violation> out = new ArrayList<>();
        walkMessage(message, "", out);
        return List.copyOf(out);
    }

    private void walkMessage(MessageOrBuilder message, String path, List<Violation> out) {
        if (lookup.skips(message.getDescriptorForType())) {
            return;
        }
        for (FieldDescriptor field : lookup.fieldsByNumber(message.getDescriptorForType())) {
            OneofDescriptor oneof = lookup.requiredOneofStartingAt(field);
            if (oneof != null && !message.hasOneof(oneof)) {
                out.add(new Violation(join(path, oneof.getName()), "oneof.required", "exactly one field is required"));
            }
            String fieldPath = join(path, field.getName());
            FieldRules rules = lookup.rules(field);
            if (field.isMapField()) {
                walkMap(message, field, rules.getMap(), fieldPath, out);
            } else if (field.isRepeated()) {
                walkRepeated(message, field, rules, fieldPath, out);
            } else if (!field.hasPresence() || message.hasField(field)) {
                checkValue(field, rules, message.getField(field), fieldPath, "", out);
            } else if (field.getContainingOneof() == null) {
                ValueRules.missing(rules).forEach(f -> out.add(f.at(fieldPath, "")));
            }
        }
    }

    private void walkRepeated(
            MessageOrBuilder message, FieldDescriptor field, FieldRules rules, String path, List<Violation> out) {
        List<?> items = (List<?>) message.getField(field);
        CollectionChecks.repeated(rules.getRepeated(), items).forEach(f -> out.add(f.at(path, "")));
        FieldRules itemRules = rules.getRepeated().getItems();
        for (int i = 0; i < items.size(); i++) {
            checkValue(field, itemRules, items.get(i), path + "[" + i + "]", "repeated.items.", out);
        }
    }

    private void walkMap(
            MessageOrBuilder message, FieldDescriptor field, MapRules rules, String path, List<Violation> out) {
        FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
        List<Message> entries = sortedEntries((List<?>) message.getField(field), keyField);
        CollectionChecks.map(rules, entries.size()).forEach(f -> out.add(f.at(path, "")));
        for (Message entry : entries) {
            Object key = entry.getField(keyField);
            String entryPath = path + "[" + (key instanceof String s ? "\"" + s + "\"" : key) + "]";
            checkValue(keyField, rules.getKeys(), key, entryPath, "map.keys.", out);
            checkValue(valueField, rules.getValues(), entry.getField(valueField), entryPath, "map.values.", out);
        }
    }

    private void checkValue(
            FieldDescriptor field,
            FieldRules rules,
            Object value,
            String path,
            String rulePrefix,
            List<Violation> out) {
        values.check(rules, field, value).forEach(f -> out.add(f.at(path, rulePrefix)));
        if (!(value instanceof Message nested) || rules.getMessage().getSkip()) {
            return;
        }
        if (!AnyPayloads.isAny(nested)) {
            walkMessage(nested, path, out);
            return;
        }
        AnyPayloads.Unpacked unpacked = payloads.unpack(nested);
        unpacked.failure().ifPresent(f -> out.add(f.at(path, "")));
        unpacked.payload().ifPresent(payload -> walkMessage(payload, path, out));
    }

    // Map order is insertion or wire order; sorting by key keeps reports stable.
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Message> sortedEntries(List<?> entries, FieldDescriptor keyField) {
        return entries.stream()
                .map(Message.class::cast)
                .sorted(Comparator.comparing(e -> (Comparable) e.getField(keyField)))
                .toList();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
