package dev.spillway.server.cli.edit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.spillway.api.codec.Yaml;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One config file as text split into its YAML documents, so that one document can be replaced or one
 * appended while every other byte of the file stays as it was: other documents keep their comments
 * and layout, and the replaced one keeps the comment lines above it. Immutable: edits return a new
 * value; {@link #write()} puts it on disk atomically (a hidden temporary file the directory watcher
 * ignores, then a rename), so a running {@code spillway serve} never reads half a file.
 */
public final class ConfigFile {

    /** A line that starts a document: {@code ---} at column 0, alone or followed by a space. */
    private static final Pattern SEPARATOR = Pattern.compile("---(?:[ \t].*)?");

    /**
     * A run of lines: the text before the first separator, or a separator line and what follows it.
     *
     * @param text     the lines, each with its line break
     * @param document the document it holds, or null when it holds only comments or nothing
     */
    private record Chunk(String text, JsonNode document) {}

    private final Path path;
    private final List<Chunk> chunks;

    private ConfigFile(Path path, List<Chunk> chunks) {
        this.path = path;
        this.chunks = List.copyOf(chunks);
    }

    /** A file that does not exist yet. */
    public static ConfigFile empty(Path path) {
        return new ConfigFile(path, List.of());
    }

    /**
     * Reads and splits a file.
     *
     * @throws EditException naming the file when it cannot be read, is not UTF-8 or is not YAML
     */
    public static ConfigFile read(Path path) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(path);
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EditException(path + ": is not UTF-8 text");
        } catch (IOException e) {
            throw new EditException(path + ": cannot be read: " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return parse(path, text);
    }

    /** Splits text that is (or will be) the content of {@code path}. */
    static ConfigFile parse(Path path, String text) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines(text)) {
            if (SEPARATOR.matcher(line.stripTrailing()).matches() && (current.length() > 0 || !pieces.isEmpty())) {
                pieces.add(current.toString());
                current.setLength(0);
            }
            current.append(line);
        }
        pieces.add(current.toString());
        List<Chunk> chunks = new ArrayList<>();
        int firstLine = 1;
        for (String piece : pieces) {
            chunks.add(new Chunk(piece, document(path, piece, firstLine)));
            firstLine += lines(piece).size();
        }
        return new ConfigFile(path, chunks);
    }

    /** The file's path. */
    public Path path() {
        return path;
    }

    /** True for a {@code .json} file, which holds one JSON document and is written as JSON. */
    public boolean json() {
        return path.getFileName().toString().endsWith(".json");
    }

    /** The documents, in file order, without the empty ones. */
    public List<JsonNode> documents() {
        return chunks.stream().map(Chunk::document).filter(d -> d != null).toList();
    }

    /** The file's text. */
    public String text() {
        StringBuilder out = new StringBuilder();
        chunks.forEach(c -> out.append(c.text()));
        return out.toString();
    }

    /**
     * This file with document {@code index} (of {@link #documents()}) replaced by {@code tree}; its
     * separator line and the comment lines above it are kept.
     */
    public ConfigFile replace(int index, JsonNode tree) {
        List<Chunk> out = new ArrayList<>(chunks);
        int seen = -1;
        for (int i = 0; i < out.size(); i++) {
            Chunk chunk = out.get(i);
            if (chunk.document() != null && ++seen == index) {
                String text = json() ? Yaml.writeJson(tree) : leadingLines(chunk.text()) + Yaml.write(tree);
                out.set(i, new Chunk(text, tree));
                return new ConfigFile(path, out);
            }
        }
        throw new IndexOutOfBoundsException("document " + index + " of " + path);
    }

    /** This file with {@code tree} as a new last document. */
    public ConfigFile append(JsonNode tree) {
        if (json()) {
            if (!documents().isEmpty()) {
                throw new EditException(path + ": a JSON file holds one document; cannot add "
                        + tree.path("kind").asText() + " "
                        + tree.path("metadata").path("name").asText() + " to it");
            }
            return new ConfigFile(path, List.of(new Chunk(Yaml.writeJson(tree), tree)));
        }
        List<Chunk> out = new ArrayList<>(chunks);
        String before = text();
        String separator = documents().isEmpty() ? "" : "---\n";
        String newline = before.isEmpty() || before.endsWith("\n") ? "" : "\n";
        if (documents().isEmpty() && !before.isBlank()) {
            // Only comments so far: they describe what follows, keep them right above it.
            out.clear();
            out.add(new Chunk(before + newline + Yaml.write(tree), tree));
            return new ConfigFile(path, out);
        }
        if (!newline.isEmpty()) {
            Chunk last = out.remove(out.size() - 1);
            out.add(new Chunk(last.text() + newline, last.document()));
        }
        out.add(new Chunk(separator + Yaml.write(tree), tree));
        return new ConfigFile(path, out);
    }

    /**
     * Writes the file atomically: a hidden temporary file in the same directory, then a rename over
     * the file. Creates the directory when needed.
     */
    public void write() {
        Path dir = path.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp");
            Files.writeString(temp, text(), StandardCharsets.UTF_8);
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new EditException(path + ": cannot be written: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Best effort: the rename normally moved it away.
                }
            }
        }
    }

    /** The separator line and the comment and blank lines that open a chunk. */
    private static String leadingLines(String chunk) {
        StringBuilder kept = new StringBuilder();
        boolean first = true;
        for (String line : lines(chunk)) {
            String trimmed = line.strip();
            if (first && SEPARATOR.matcher(line.stripTrailing()).matches()) {
                kept.append("---\n");
            } else if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                kept.append(line.endsWith("\n") ? line : line + "\n");
            } else {
                break;
            }
            first = false;
        }
        return kept.toString();
    }

    /** The document of a chunk, or null when it has none. */
    private static JsonNode document(Path path, String chunk, int firstLine) {
        try (MappingIterator<JsonNode> it = Yaml.reader().readValues(chunk)) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
            if (docs.size() > 1) {
                throw new EditException(path + ": cannot tell its YAML documents apart (a document separator "
                        + "not on a line of its own); edit it by hand");
            }
            return docs.isEmpty() ? null : docs.get(0);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + (firstLine - 1 + Math.max(1, e.getLocation().getLineNr()));
            String message = String.valueOf(e.getOriginalMessage()).strip();
            int newline = message.indexOf('\n');
            throw new EditException(
                    path + ": is not valid YAML" + where + ": "
                            + (newline < 0 ? message : message.substring(0, newline)),
                    e);
        } catch (IOException e) {
            throw new EditException(path + ": is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** The lines of a text, each with its line break (the last one may have none). */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
