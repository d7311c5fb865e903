package dev.spillway.api.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.model.ResourceRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads the fields of one YAML object by name, reporting every fault with its full field path to
 * the {@link DecodeContext} instead of throwing. Accessors return a default (empty, 0 or null, as
 * documented) when the field is absent or wrong, so decoders can always build their record; the
 * context's errors then decide whether the record is kept. Every field read, skipped or warned
 * about is marked, so the rest are reported as unknown.
 */
final class NodeReader {

    static final String NOT_SUPPORTED = "is not supported by Spillway yet and was ignored";

    private final DecodeContext context;
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new HashSet<>();

    private NodeReader(DecodeContext context, String path, JsonNode node) {
        this.context = context;
        this.path = path;
        this.node = node;
        context.track(this);
    }

    /** A reader over a whole document. */
    static NodeReader root(DecodeContext context, JsonNode document) {
        return new NodeReader(context, "", document);
    }

    /** The path of a field of this object. */
    String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** True when the field is present and not null; does not mark it read. */
    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    void error(String name, String message) {
        context.error(pathOf(name), message);
    }

    private void errorHere(String message) {
        context.error(path, message);
    }

    void warn(String name, String message) {
        context.warn(pathOf(name), message);
    }

    /** The field's value, marked read; null when absent or null. */
    JsonNode raw(String name) {
        read.add(name);
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    // ---- scalars

    /** A string field, {@code ""} when absent or not a string. */
    String string(String name) {
        return string(name, "");
    }

    /** A string field, {@code fallback} when absent or not a string. */
    String string(String name, String fallback) {
        String v = report(name, Values.string(raw(name)));
        return v == null ? fallback : v;
    }

    /** A string field that must be present and not empty; {@code ""} when it is not. */
    String requiredString(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull() || v.isTextual() && v.textValue().isEmpty()) {
            read.add(name);
            error(name, "is required");
            return "";
        }
        return string(name);
    }

    /** A boolean field, false when absent or not a boolean. */
    boolean bool(String name) {
        return Boolean.TRUE.equals(report(name, Values.bool(raw(name))));
    }

    /** An optional integer of at least {@code min}; null when absent or invalid. */
    Integer integerAtLeast(String name, int min) {
        return report(name, Values.integer(raw(name), min, Integer.MAX_VALUE, true));
    }

    /** A required integer of at least {@code min}; 0 when absent or invalid. */
    int requiredIntegerAtLeast(String name, int min) {
        return orZero(requirePresent(name) ? integerAtLeast(name, min) : null);
    }

    /** An optional integer in {@code min..max}; null when absent or invalid. */
    Integer integerIn(String name, int min, int max) {
        return report(name, Values.integer(raw(name), min, max, false));
    }

    /** A required integer in {@code min..max}; 0 when absent or invalid. */
    int requiredIntegerIn(String name, int min, int max) {
        return orZero(requirePresent(name) ? integerIn(name, min, max) : null);
    }

    /** An optional port, 1..65535; null when absent or invalid. */
    Integer port(String name) {
        return integerIn(name, 1, 65535);
    }

    /** A required port; 0 when absent or invalid. */
    int requiredPort(String name) {
        return orZero(requirePresent(name) ? port(name) : null);
    }

    /**
     * An optional percentage, a number up to 100 and above 0 (or at least 0 when {@code zeroAllowed});
     * null when absent or invalid.
     */
    Double percentage(String name, boolean zeroAllowed) {
        return report(name, Values.percentage(raw(name), zeroAllowed));
    }

    /** An optional 64-bit integer; null when absent or invalid. */
    Long longInteger(String name) {
        return report(name, Values.longInteger(raw(name)));
    }

    /** An optional number in {@code min..max}; null when absent or invalid. */
    Double numberIn(String name, double min, double max) {
        return report(name, Values.number(raw(name), min, max));
    }

    /** An optional protobuf JSON duration; null when absent or invalid. */
    Duration duration(String name) {
        return report(name, Values.duration(raw(name), false));
    }

    /** An optional duration that must be greater than 0; null when absent or invalid. */
    Duration positiveDuration(String name) {
        return report(name, Values.duration(raw(name), true));
    }

    /** A required duration greater than 0; null when absent or invalid. */
    Duration requiredPositiveDuration(String name) {
        return requirePresent(name) ? positiveDuration(name) : null;
    }

    private <T> T report(String name, Values.Checked<T> checked) {
        if (checked.error() != null) {
            error(name, checked.error());
        }
        return checked.value();
    }

    /** True when the field is set; otherwise marks it read and reports it as required. */
    private boolean requirePresent(String name) {
        if (has(name)) {
            return true;
        }
        read.add(name);
        error(name, "is required");
        return false;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    // ---- structure

    /** An optional object decoded by {@code decoder}; null when absent or not an object. */
    <T> T object(String name, Function<NodeReader, T> decoder) {
        JsonNode v = raw(name);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            error(name, "must be an object");
            return null;
        }
        return decoder.apply(new NodeReader(context, pathOf(name), v));
    }

    /** A required object; null when absent or invalid. */
    <T> T requiredObject(String name, Function<NodeReader, T> decoder) {
        return requirePresent(name) ? object(name, decoder) : null;
    }

    /** A list of objects, each decoded by {@code decoder}; null results are left out. */
    <T> List<T> list(String name, Function<NodeReader, T> decoder) {
        List<T> out = new ArrayList<>();
        JsonNode v = raw(name);
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            error(name, "must be a list");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            String itemPath = pathOf(name) + "[" + i + "]";
            JsonNode item = v.get(i);
            if (!item.isObject()) {
                context.error(itemPath, "must be an object");
                continue;
            }
            T decoded = decoder.apply(new NodeReader(context, itemPath, item));
            if (decoded != null) {
                out.add(decoded);
            }
        }
        return out;
    }

    /**
     * A list of objects that must not be empty. An absent list is reported the same way: in
     * protobuf (and so in Gloo) an absent repeated field is an empty one.
     */
    <T> List<T> nonEmptyList(String name, Function<NodeReader, T> decoder) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull() || v.isArray() && v.isEmpty()) {
            read.add(name);
            error(name, "must not be empty");
            return List.of();
        }
        return list(name, decoder);
    }

    /** A list of strings; empty when absent or invalid. */
    List<String> strings(String name) {
        List<String> out = new ArrayList<>();
        JsonNode v = raw(name);
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            error(name, "must be a list");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).isTextual()) {
                out.add(v.get(i).textValue());
            } else {
                context.error(pathOf(name) + "[" + i + "]", "must be a string");
            }
        }
        return out;
    }

    /** A map of strings (labels, selectors), sorted by key; empty when absent or invalid. */
    Map<String, String> stringMap(String name) {
        Map<String, String> out = new TreeMap<>();
        JsonNode v = raw(name);
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            error(name, "must be an object");
            return out;
        }
        v.properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().textValue());
            } else {
                context.error(pathOf(name) + "." + e.getKey(), "must be a string");
            }
        });
        return out;
    }

    /** An optional {@code {name, namespace}} reference; namespace defaults to {@code namespace}. */
    ResourceRef ref(String name, String namespace) {
        return object(name, r -> r.refHere(namespace));
    }

    /** A required reference; null when absent or invalid. */
    ResourceRef requiredRef(String name, String namespace) {
        return requiredObject(name, r -> r.refHere(namespace));
    }

    /** This object read as a {@code {name, namespace}} reference. */
    ResourceRef refHere(String namespace) {
        String refName = requiredString("name");
        String refNamespace = string("namespace");
        return new ResourceRef(refName, refNamespace.isEmpty() ? namespace : refNamespace);
    }

    // ---- one-of groups

    /** Reports an error on this object unless exactly one of the fields is set. */
    boolean exactlyOne(String... names) {
        if (countSet(names) != 1) {
            errorHere("must set exactly one of " + String.join(", ", names));
            return false;
        }
        return true;
    }

    /** Reports an error on this object when more than one of the fields is set. */
    boolean atMostOne(String... names) {
        if (countSet(names) > 1) {
            errorHere("must set only one of " + String.join(", ", names));
            return false;
        }
        return true;
    }

    private long countSet(String... names) {
        return Arrays.stream(names).filter(this::has).count();
    }

    // ---- fields Spillway knows but does not use

    /**
     * Warns about each field that is set to something other than false, {}, [] or "": those change
     * nothing, and Gloo's own manifests write them ({@code ssl: false}).
     */
    void notSupported(String... names) {
        for (String name : names) {
            ignored(name, NOT_SUPPORTED);
        }
    }

    /** Warns with {@code message} when the field is set to something other than false, {}, [] or "". */
    void ignored(String name, String message) {
        JsonNode v = raw(name);
        if (v != null && !Values.isEmpty(v)) {
            warn(name, message);
        }
    }

    /**
     * Warns about each field that is set at all, even to {}: for alternatives such as route actions,
     * where an empty value still selects behaviour Spillway does not have.
     *
     * @return true when any of them is set
     */
    boolean notSupportedWhenSet(String... names) {
        boolean any = false;
        for (String name : names) {
            if (raw(name) != null) {
                warn(name, NOT_SUPPORTED);
                any = true;
            }
        }
        return any;
    }

    /** Warns that every field not read so far is not supported. */
    void notSupportedRest() {
        node.fieldNames().forEachRemaining(name -> {
            if (!read.contains(name)) {
                notSupported(name);
            }
        });
    }

    /** Marks fields as known and deliberately unused (no warning). */
    void skip(String... names) {
        read.addAll(List.of(names));
    }

    /** Marks every field of this object as known (metadata, Kubernetes-owned objects). */
    void skipAll() {
        node.fieldNames().forEachRemaining(read::add);
    }

    /** The paths of the fields nobody read. */
    List<String> unreadFields() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!read.contains(name)) {
                out.add(pathOf(name));
            }
        });
        return out;
    }
}
