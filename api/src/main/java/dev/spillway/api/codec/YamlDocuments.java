package dev.spillway.api.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Splits a multi-document YAML text into JSON trees, or says where and why a document is not YAML.
 * Each document is parsed on its own, so one broken document never costs the others of its file.
 */
final class YamlDocuments {

    /** Largest file read, in characters: far above any real config, far below what costs seconds. */
    static final int MAX_FILE_CHARS = 8 * 1024 * 1024;
    /** Largest document: the most Kubernetes stores for one object (etcd's 1.5 MB request limit). */
    static final int MAX_DOCUMENT_CHARS = 1536 * 1024;
    /** Longest scalar: room for a CA bundle; a megabyte-long plain scalar costs SnakeYAML seconds. */
    static final int MAX_SCALAR_CHARS = 512 * 1024;
    /** Deepest nesting of mappings and lists; Gloo resources need fewer than 20 levels. */
    static final int MAX_DEPTH = 100;

    /** Document markers: {@code ---} or {@code ...} alone or followed by a space, at the start of a line. */
    private static final Pattern MARKER = Pattern.compile("^(---|\\.\\.\\.)(?=[ \\t]|$)", Pattern.MULTILINE);

    private static final int PARSER_FEATURES = StreamReadFeature.collectDefaults()
            // kubectl rejects duplicate keys too; last-one-wins would hide a typo'd copy.
            | StreamReadFeature.STRICT_DUPLICATE_DETECTION.getMask();
    // "key:" with no value is null in YAML, not "" (Jackson's default).
    private static final int YAML_FEATURES =
            YAMLParser.Feature.collectDefaults() | YAMLParser.Feature.EMPTY_STRING_AS_NULL.getMask();
    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxStringLength(MAX_SCALAR_CHARS)
            .maxNestingDepth(MAX_DEPTH)
            .maxDocumentLength(MAX_FILE_CHARS)
            .build();
    private static final ObjectMapper SCALARS = new ObjectMapper(
            YAMLFactory.builder().streamReadConstraints(CONSTRAINTS).build());

    private YamlDocuments() {}

    /**
     * One document of a YAML text.
     *
     * @param tree  the document; an empty document is a {@link NullNode}; null when it is not YAML
     * @param error {@code line L, column C: <parser message>}, or null when the document is YAML
     */
    record Document(JsonNode tree, String error) {}

    /**
     * The documents of a YAML text, or the reason it could not be read at all.
     *
     * @param documents every document in order
     * @param error     why the text as a whole was not read (its size), or null
     */
    record Parsed(List<Document> documents, String error) {
        Parsed {
            documents = List.copyOf(documents);
        }
    }

    static Parsed parse(String text) {
        if (text.length() > MAX_FILE_CHARS) {
            return new Parsed(
                    List.of(),
                    "line 1, column 1: the file has " + text.length() + " characters, more than the " + MAX_FILE_CHARS
                            + " Spillway reads");
        }
        List<Document> documents = new ArrayList<>();
        Matcher marker = MARKER.matcher(text);
        int start = 0;
        int line = 0;
        boolean explicitStart = false;
        while (marker.find()) {
            if (marker.start() < start) {
                // Inside the line a "..." marker ended (Java's ^ also starts lines after a lone CR).
                continue;
            }
            parseOne(text.substring(start, marker.start()), line, explicitStart, documents);
            line += countLines(text, start, marker.start());
            start = marker.start();
            explicitStart = marker.group(1).equals("---");
            if (!explicitStart) {
                // "..." ends a document: what follows starts after that line.
                int next = afterLineBreak(text, marker.end());
                line += countLines(text, start, next);
                start = next;
            }
        }
        parseOne(text.substring(start), line, explicitStart, documents);
        return new Parsed(documents, null);
    }

    /**
     * Parses the text of one document (with its {@code ---} line, if any) and adds what it holds.
     * Text before the first marker is a document only when it holds a node, as in YAML.
     */
    private static void parseOne(String text, int firstLine, boolean explicitStart, List<Document> documents) {
        if (text.length() > MAX_DOCUMENT_CHARS) {
            documents.add(new Document(
                    null,
                    at(
                            firstLine + 1,
                            1,
                            "the document has " + text.length() + " characters, more than the " + MAX_DOCUMENT_CHARS
                                    + " Spillway reads")));
            return;
        }
        // JSON, as the Kubernetes source passes objects, is one line and no plain scalar: exempt.
        int longLine = text.stripLeading().startsWith("{") ? -1 : longLine(text);
        if (longLine >= 0) {
            // Checked before parsing: SnakeYAML needs seconds and gigabytes for a megabyte-long plain scalar.
            documents.add(new Document(
                    null, at(firstLine + longLine + 1, 1, "a line longer than " + MAX_SCALAR_CHARS + " characters")));
            return;
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_DOCUMENT_CHARS);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setMaxAliasesForCollections(YamlTrees.MAX_ALIASES);
        IOContext context = new IOContext(CONSTRAINTS, new BufferRecycler(), ContentReference.unknown(), false);
        try (YamlTrees.AnchorAwareParser parser = new YamlTrees.AnchorAwareParser(
                context, PARSER_FEATURES, YAML_FEATURES, options, new StringReader(text))) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                if (explicitStart) {
                    documents.add(new Document(NullNode.getInstance(), null));
                }
                return;
            }
            JsonNode tree = YamlTrees.read(parser, SCALARS);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                documents.add(new Document(
                        null, at(firstLine + at.getLineNr(), at.getColumnNr(), "expected a single document")));
                return;
            }
            documents.add(new Document(tree == null ? NullNode.getInstance() : tree, null));
        } catch (JsonProcessingException e) {
            documents.add(new Document(null, describe(e, firstLine)));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // The parser is third-party code fed arbitrary text: whatever it throws is bad input.
            documents.add(new Document(null, at(firstLine + 1, 1, String.valueOf(e.getMessage()))));
        }
    }

    /** The index of the first line longer than {@link #MAX_SCALAR_CHARS}, or -1. */
    private static int longLine(String text) {
        int line = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_SCALAR_CHARS) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return -1;
    }

    /** Where the line holding {@code from} ends, after its break: LF, CRLF or a lone CR, as YAML reads them. */
    private static int afterLineBreak(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                return i + 1;
            }
            if (c == '\r') {
                return i + 1 < text.length() && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
            }
        }
        return text.length();
    }

    private static int countLines(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /**
     * The parser's own message without Jackson's location suffix and SnakeYAML's source excerpt.
     * SnakeYAML's problem mark is preferred to Jackson's location: Jackson reports where its last
     * token ended, SnakeYAML where the fault is (a tab on line 2 is reported on line 2, not 1).
     */
    private static String describe(JsonProcessingException e, int firstLine) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            String problem = marked.getProblem() != null ? marked.getProblem() : marked.getContext();
            return at(firstLine + mark.getLine() + 1, mark.getColumn() + 1, problem);
        }
        JsonLocation location = e.getLocation();
        int line = location == null ? 1 : Math.max(1, location.getLineNr());
        int column = location == null ? 1 : Math.max(1, location.getColumnNr());
        return at(firstLine + line, column, e.getOriginalMessage());
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
