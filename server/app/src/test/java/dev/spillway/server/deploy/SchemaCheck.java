package dev.spillway.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A small structural check of a document against a CRD's {@code openAPIV3Schema}, the part the API
 * server applies: types, declared properties ({@code properties}, {@code additionalProperties}), enums
 * and numeric bounds, and {@code x-kubernetes-preserve-unknown-fields} / {@code x-kubernetes-int-or-string}.
 */
final class SchemaCheck {

    /** How undeclared fields are treated. */
    enum Mode {
        /** As the API server does: allowed where the schema preserves unknown fields. */
        API_SERVER,
        /** Every field must be declared, preserve-unknown-fields or not: the schema lists what Spillway reads. */
        DECLARED
    }

    private final Mode mode;
    private final List<String> faults = new ArrayList<>();

    private SchemaCheck(Mode mode) {
        this.mode = mode;
    }

    /** The faults of {@code value} at {@code path} under {@code schema}; empty when it conforms. */
    static List<String> check(JsonNode schema, JsonNode value, String path, Mode mode) {
        SchemaCheck check = new SchemaCheck(mode);
        check.node(schema, value, path);
        return check.faults;
    }

    /**
     * The faults of a schema itself as a structural schema: every node names a type (except
     * int-or-string and preserve-unknown-fields nodes), objects list properties or a map type, arrays
     * give items.
     */
    static List<String> structuralFaults(JsonNode schema, String path) {
        List<String> faults = new ArrayList<>();
        structural(schema, path, faults);
        return faults;
    }

    private static void structural(JsonNode schema, String path, List<String> faults) {
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean();
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        String type = schema.path("type").asText("");
        if (type.isEmpty() && !intOrString && !preserve) {
            faults.add(path + ": no type");
        }
        if (intOrString && !type.isEmpty()) {
            faults.add(path + ": x-kubernetes-int-or-string with a type");
        }
        if (schema.has("properties") && !type.equals("object")) {
            faults.add(path + ": properties on a " + type);
        }
        if (schema.has("properties") && schema.has("additionalProperties")) {
            faults.add(path + ": both properties and additionalProperties");
        }
        if (type.equals("array")) {
            if (!schema.has("items")) {
                faults.add(path + ": array without items");
            } else {
                structural(schema.get("items"), path + "[]", faults);
            }
        }
        schema.path("properties").properties().forEach(e -> structural(e.getValue(), path + "." + e.getKey(), faults));
        if (schema.path("additionalProperties").isObject()) {
            structural(schema.get("additionalProperties"), path + ".*", faults);
        }
    }

    private void node(JsonNode schema, JsonNode value, String path) {
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean()) {
                faults.add(path + ": null");
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                faults.add(path + ": must be an integer or a string, is " + value.getNodeType());
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> object(schema, value, path);
            case "array" -> {
                if (!value.isArray()) {
                    faults.add(path + ": must be an array, is " + value.getNodeType());
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    node(schema.get("items"), value.get(i), path + "[" + i + "]");
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    faults.add(path + ": must be a string, is " + value.getNodeType());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    faults.add(path + ": must be an integer, is " + value.getNodeType());
                } else {
                    bounds(schema, value, path);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    faults.add(path + ": must be a number, is " + value.getNodeType());
                } else {
                    bounds(schema, value, path);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    faults.add(path + ": must be a boolean, is " + value.getNodeType());
                }
            }
            case "" -> {
                if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                    faults.add(path + ": the schema gives no type");
                }
            }
            default -> faults.add(path + ": unknown schema type " + type);
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                faults.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
    }

    private void object(JsonNode schema, JsonNode value, String path) {
        if (!value.isObject()) {
            faults.add(path + ": must be an object, is " + value.getNodeType());
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        value.properties().forEach(e -> {
            String field = path + "." + e.getKey();
            if (properties.has(e.getKey())) {
                node(properties.get(e.getKey()), e.getValue(), field);
            } else if (additional.isObject()) {
                node(additional, e.getValue(), field);
            } else if (preserve && mode == Mode.API_SERVER) {
                // Kept as written, unchecked.
            } else {
                faults.add(field + ": not in the schema" + (preserve ? " (only preserved as an unknown field)" : ""));
            }
        });
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                faults.add(path + "." + required.asText() + ": required");
            }
        }
    }

    private void bounds(JsonNode schema, JsonNode value, String path) {
        if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
            faults.add(path + ": " + value + " is below " + schema.get("minimum"));
        }
        if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
            faults.add(path + ": " + value + " is above " + schema.get("maximum"));
        }
    }
}
