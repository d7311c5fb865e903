package dev.spillway.api.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Splits a multi-document YAML text into JSON trees, or says where and why it is not YAML. */
final class YamlDocuments {

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            // kubectl rejects duplicate keys too; last-one-wins would hide a typo'd copy.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // "key:" with no value is null in YAML, not "" (Jackson's default).
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private YamlDocuments() {
    }

    /**
     * The documents of a YAML text, or the reason it could not be read.
     *
     * @param documents every document in order; an empty document is a {@link NullNode}
     * @param error     {@code line L, column C: <parser message>}, or null when the text is YAML
     */
    record Parsed(List<JsonNode> documents, String error) {
        Parsed {
            documents = List.copyOf(documents);
        }
    }

    static Parsed parse(String text) {
        List<JsonNode> documents = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(text);
             MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(parser)) {
            while (it.hasNextValue()) {
                JsonNode document = it.nextValue();
                documents.add(document == null ? NullNode.getInstance() : document);
            }
            return new Parsed(documents, null);
        } catch (JsonProcessingException e) {
            return new Parsed(List.of(), describe(e));
        } catch (IOException | RuntimeException e) {
            // The parser is third-party code fed arbitrary text: whatever it throws is bad input.
            return new Parsed(List.of(), "line 1, column 1: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    /**
     * The parser's own message without Jackson's location suffix and SnakeYAML's source excerpt.
     * SnakeYAML's problem mark is preferred to Jackson's location: Jackson reports where its last
     * token ended, SnakeYAML where the fault is (a tab on line 2 is reported on line 2, not 1).
     */
    private static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            String problem = marked.getProblem() != null ? marked.getProblem() : marked.getContext();
            return at(mark.getLine() + 1, mark.getColumn() + 1, problem);
        }
        JsonLocation location = e.getLocation();
        int line = location == null ? 1 : Math.max(1, location.getLineNr());
        int column = location == null ? 1 : Math.max(1, location.getColumnNr());
        return at(line, column, e.getOriginalMessage());
    }

    private static String at(int line, int column, String message) {
        return "line " + line + ", column " + column + ": " + firstLine(message);
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline).strip();
    }
}
