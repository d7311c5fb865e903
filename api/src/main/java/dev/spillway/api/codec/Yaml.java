package dev.spillway.api.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.UncheckedIOException;

/**
 * The one YAML mapper: reads config as the decoder does and writes resources as glooctl and kubectl
 * write them. Everything that reads or writes Spillway's YAML (the decoder, the encoder, the editing
 * commands) goes through it, so a file the CLI writes reads back as the source reads it.
 */
public final class Yaml {

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            // kubectl rejects duplicate keys too; last-one-wins would hide a typo'd copy.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // "key:" with no value is null in YAML, not "" (Jackson's default).
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();
    private static final ObjectMapper YAML = new ObjectMapper(FACTORY);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Yaml() {}

    /** A reader of YAML documents as trees (one, or a sequence with {@code readValues}). */
    public static ObjectReader reader() {
        return YAML.readerFor(JsonNode.class);
    }

    /** One YAML document, without a leading {@code ---}, ending with a newline. */
    public static String write(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            // Writing a tree of strings and numbers to a String cannot fail on I/O.
            throw new UncheckedIOException(e);
        }
    }

    /** Indented JSON, ending with a newline. */
    public static String writeJson(JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One YAML (or JSON) document as a tree. */
    public static JsonNode read(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
