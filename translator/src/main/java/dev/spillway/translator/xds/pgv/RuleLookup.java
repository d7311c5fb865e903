package dev.spillway.translator.xds.pgv;

import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.envoyproxy.pgv.validate.Validate;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the PGV options of descriptors, cached per descriptor.
 *
 * <p>Descriptors built without Validate's extensions registered keep the options as unknown fields
 * (numbers 1071 and 1072); those are parsed again with the extensions.
 */
final class RuleLookup {
    private static final int RULES_OR_DISABLED = 1071;
    private static final int IGNORED = 1072;
    private static final ExtensionRegistry EXTENSIONS = extensions();

    private final Map<FieldDescriptor, FieldRules> fieldRules = new ConcurrentHashMap<>();
    private final Map<Descriptor, List<FieldDescriptor>> fieldsByNumber = new ConcurrentHashMap<>();
    private final Map<Descriptor, Boolean> skipped = new ConcurrentHashMap<>();
    private final Map<OneofDescriptor, Boolean> requiredOneofs = new ConcurrentHashMap<>();

    FieldRules rules(FieldDescriptor field) {
        return fieldRules.computeIfAbsent(
                field, f -> resolve(f.getOptions(), FieldOptions.parser()).getExtension(Validate.rules));
    }

    /** Whether the message is marked {@code (validate.disabled)} or {@code (validate.ignored)}. */
    boolean skips(Descriptor type) {
        return skipped.computeIfAbsent(type, t -> {
            MessageOptions options = resolve(t.getOptions(), MessageOptions.parser());
            return options.getExtension(Validate.disabled) || options.getExtension(Validate.ignored);
        });
    }

    List<FieldDescriptor> fieldsByNumber(Descriptor type) {
        return fieldsByNumber.computeIfAbsent(
                type,
                t -> t.getFields().stream()
                        .sorted(Comparator.comparingInt(FieldDescriptor::getNumber))
                        .toList());
    }

    /** The required oneof whose lowest-numbered field is {@code field}, or null. */
    OneofDescriptor requiredOneofStartingAt(FieldDescriptor field) {
        OneofDescriptor oneof = field.getRealContainingOneof();
        if (oneof == null || !isRequired(oneof)) {
            return null;
        }
        int first = oneof.getFields().stream()
                .mapToInt(FieldDescriptor::getNumber)
                .min()
                .orElseThrow();
        return first == field.getNumber() ? oneof : null;
    }

    private boolean isRequired(OneofDescriptor oneof) {
        return requiredOneofs.computeIfAbsent(
                oneof, o -> resolve(o.getOptions(), OneofOptions.parser()).getExtension(Validate.required));
    }

    private static <T extends Message> T resolve(T options, Parser<T> parser) {
        var unknown = options.getUnknownFields();
        if (!unknown.hasField(RULES_OR_DISABLED) && !unknown.hasField(IGNORED)) {
            return options;
        }
        try {
            return parser.parseFrom(options.toByteString(), EXTENSIONS);
        } catch (InvalidProtocolBufferException e) {
            return options;
        }
    }

    private static ExtensionRegistry extensions() {
        ExtensionRegistry registry = ExtensionRegistry.newInstance();
        Validate.registerAllExtensions(registry);
        return registry.getUnmodifiable();
    }
}
