package dev.spillway.server.source.file;

import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.status.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Lists and decodes the config files of a root directory: {@code <root>/<cluster>/<file>}. */
final class ConfigFiles {

    private ConfigFiles() {}

    /** Every config file of every cluster directory, decoded. */
    static SortedMap<FileId, DecodedFile> readAll(Path root) throws IOException {
        SortedMap<FileId, DecodedFile> files = new TreeMap<>();
        for (Path dir : children(root)) {
            String name = dir.getFileName().toString();
            if (Files.isDirectory(dir) && DirectoryWatcher.isClusterDirectory(name)) {
                files.putAll(readCluster(root, name));
            }
        }
        return files;
    }

    /**
     * Every config file of one cluster directory; none when the directory does not exist, and the
     * directory itself, unreadable, when it cannot be listed.
     */
    static SortedMap<FileId, DecodedFile> readCluster(Path root, String cluster) throws IOException {
        SortedMap<FileId, DecodedFile> files = new TreeMap<>();
        Path dir = root.resolve(cluster);
        if (!Files.isDirectory(dir)) {
            return files;
        }
        List<Path> children;
        try {
            children = children(dir);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return files;
        } catch (IOException e) {
            // The other clusters are still read; this one keeps what it served before.
            FileId id = FileId.directory(cluster);
            files.put(id, unreadable(id, "directory " + IoReason.of(e)));
            return files;
        }
        for (Path file : children) {
            FileId id = new FileId(cluster, file.getFileName().toString());
            read(root, id).ifPresent(decoded -> files.put(id, decoded));
        }
        return files;
    }

    /** One config file decoded, or empty when it is not (or no longer) a config file. */
    static Optional<DecodedFile> read(Path root, FileId id) {
        Path file = root.resolve(id.cluster()).resolve(id.fileName());
        if (!DirectoryWatcher.isConfigFile(id.fileName()) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(unreadable(id, "cannot be read: " + IoReason.of(e)));
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            // Some Windows editors start UTF-8 files with a byte order mark.
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return Optional.of(ResourceDecoder.decode(id.cluster(), id.fileName(), text));
        } catch (CharacterCodingException e) {
            return Optional.of(unreadable(id, "is not UTF-8 text"));
        }
    }

    private static DecodedFile unreadable(FileId id, String message) {
        return new DecodedFile(id.cluster(), id.fileName(), List.of(), Problem.error(id.key(), "", message));
    }

    /** The entries of a directory in name order. */
    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.sorted().toList();
        }
    }
}
