package dev.spillway.api.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * Builds the tree of one YAML document from Jackson's YAML tokens, resolving anchors, aliases and
 * {@code <<} merge keys as YAML defines them. Jackson's own tree reader turns an alias into a string
 * holding the alias's name, so {@code addr: *ip} would read as the address {@code "ip"}.
 */
final class YamlTrees {

    /** Nodes that aliases may add to one document, counted with everything under them. */
    static final int MAX_ALIASED_NODES = 10_000;
    /** Aliases one document may hold; SnakeYAML's own default for collections. */
    static final int MAX_ALIASES = 50;

    private static final String MERGE_KEY = "<<";

    private final AnchorAwareParser parser;
    private final ObjectMapper scalars;
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private final Map<JsonNode, Integer> sizes = new IdentityHashMap<>();
    private int aliases;
    private int aliasedNodes;

    private YamlTrees(AnchorAwareParser parser, ObjectMapper scalars) {
        this.parser = parser;
        this.scalars = scalars;
    }

    /** The value at the parser's current token, or a parse error saying where and why. */
    static JsonNode read(AnchorAwareParser parser, ObjectMapper scalars) throws IOException {
        return new YamlTrees(parser, scalars).value();
    }

    private JsonNode value() throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        if (parser.isCurrentAlias()) {
            return alias(parser.getText(), at);
        }
        String anchor = parser.anchor();
        JsonNode node = switch (parser.currentToken()) {
            case START_OBJECT -> object();
            case START_ARRAY -> array();
            default -> scalar(at);
        };
        if (anchor != null) {
            anchors.put(anchor, node);
            sizes.put(node, size(node));
        }
        return node;
    }

    private JsonNode scalar(JsonLocation at) throws IOException {
        JsonNode node = scalars.readTree(parser);
        if (node != null && node.isTextual() && node.textValue().length() > YamlDocuments.MAX_SCALAR_CHARS) {
            throw error("a scalar longer than " + YamlDocuments.MAX_SCALAR_CHARS + " characters", at);
        }
        return node;
    }

    private JsonNode alias(String name, JsonLocation at) throws IOException {
        JsonNode target = anchors.get(name);
        if (target == null) {
            throw error("found undefined alias " + name, at);
        }
        if (++aliases > MAX_ALIASES) {
            throw error("more than " + MAX_ALIASES + " aliases in one document", at);
        }
        aliasedNodes += sizes.getOrDefault(target, 1);
        if (aliasedNodes > MAX_ALIASED_NODES) {
            throw error("aliases expand to more than " + MAX_ALIASED_NODES + " nodes in one document", at);
        }
        return target;
    }

    private ObjectNode object() throws IOException {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        List<ObjectNode> merged = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            boolean plainMergeKey = MERGE_KEY.equals(name) && parser.keyIsPlain();
            JsonLocation at = parser.currentTokenLocation();
            parser.nextToken();
            JsonNode value = value();
            if (plainMergeKey) {
                merged.addAll(mergeSources(value, at));
            } else {
                node.set(name, value);
            }
        }
        // YAML merge keys (https://yaml.org/type/merge.html): keys of the mapping itself win, then
        // earlier mappings of the list over later ones.
        for (ObjectNode source : merged) {
            source.properties().forEach(e -> {
                if (!node.has(e.getKey())) {
                    node.set(e.getKey(), e.getValue());
                }
            });
        }
        return node;
    }

    private List<ObjectNode> mergeSources(JsonNode value, JsonLocation at) throws IOException {
        if (value instanceof ObjectNode single) {
            return List.of(single);
        }
        List<ObjectNode> sources = new ArrayList<>();
        if (value instanceof ArrayNode list) {
            for (JsonNode item : list) {
                if (!(item instanceof ObjectNode mapping)) {
                    throw error("a merge key (<<) takes a mapping or a list of mappings", at);
                }
                sources.add(mapping);
            }
            return sources;
        }
        throw error("a merge key (<<) takes a mapping or a list of mappings", at);
    }

    private ArrayNode array() throws IOException {
        ArrayNode node = JsonNodeFactory.instance.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            node.add(value());
        }
        return node;
    }

    private int size(JsonNode node) {
        Integer known = sizes.get(node);
        if (known != null) {
            return known;
        }
        int n = 1;
        for (JsonNode child : node) {
            n += size(child);
        }
        return n;
    }

    private JsonParseException error(String message, JsonLocation at) {
        return new JsonParseException(parser, message, at);
    }

    /** Jackson's YAML parser with the anchor of every node and the style of every key exposed. */
    static final class AnchorAwareParser extends YAMLParser {

        AnchorAwareParser(
                IOContext context, int parserFeatures, int yamlFeatures, LoaderOptions options, Reader reader) {
            super(context, parserFeatures, yamlFeatures, options, null, reader);
        }

        /** The anchor ({@code &name}) of the node the current token starts, or null. */
        String anchor() {
            Event event = _lastEvent;
            return event instanceof NodeEvent node ? node.getAnchor() : null;
        }

        /** True when the current field name was written plain, not quoted: {@code "<<"} is a plain key. */
        boolean keyIsPlain() {
            return !(_lastEvent instanceof org.yaml.snakeyaml.events.ScalarEvent scalar) || scalar.isPlain();
        }
    }
}
