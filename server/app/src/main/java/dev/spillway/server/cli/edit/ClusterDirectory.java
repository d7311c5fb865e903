package dev.spillway.server.cli.edit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.KubeKind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Problem;
import dev.spillway.server.source.file.DirectoryWatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One cluster's directory of a config directory ({@code DIR/CLUSTER}), as the file-directory source
 * reads it: the resources of its config files, found by kind, namespace and name, and written back
 * one document at a time (create or replace, as {@code kubectl apply} would).
 */
public final class ClusterDirectory {

    private final Path root;
    private final String cluster;
    private final List<String> unreadable = new ArrayList<>();

    /**
     * @param root    the config directory; must exist
     * @param cluster the cluster, i.e. the sub-directory's name
     * @throws EditException when the config directory does not exist
     */
    public ClusterDirectory(Path root, String cluster) {
        this.root = Objects.requireNonNull(root, "root");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        if (!Files.isDirectory(root)) {
            throw new EditException("config directory " + root + " does not exist");
        }
        if (cluster.isEmpty() || cluster.startsWith(".") || cluster.contains("/") || cluster.contains("\\")) {
            throw new EditException("cluster \"" + cluster + "\" is not a directory name Spillway reads");
        }
    }

    /** {@code DIR}. */
    public Path root() {
        return root;
    }

    /** {@code DIR/CLUSTER}. */
    public Path dir() {
        return root.resolve(cluster);
    }

    /** The cluster name. */
    public String cluster() {
        return cluster;
    }

    /** Files skipped by the last search because they could not be read, each with the reason. */
    public List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    /**
     * A document found in a file.
     *
     * @param file     the file, as read
     * @param index    the document's index among the file's documents
     * @param document the document
     */
    public record Match(ConfigFile file, int index, JsonNode document) {}

    /**
     * A write, done or (dry run) only prepared.
     *
     * @param file     the file as written
     * @param created  true when the resource did not exist before
     * @param warnings what Spillway will warn about on the resource (fields it ignores, ...)
     */
    public record Written(ConfigFile file, boolean created, List<Problem> warnings) {}

    /** Every document of the cluster's config files that defines the resource. */
    public List<Match> find(Kind kind, String namespace, String name) {
        unreadable.clear();
        List<Match> matches = new ArrayList<>();
        for (Path path : configFiles()) {
            ConfigFile file;
            try {
                file = ConfigFile.read(path);
            } catch (EditException e) {
                unreadable.add(e.getMessage());
                continue;
            }
            List<JsonNode> docs = file.documents();
            for (int i = 0; i < docs.size(); i++) {
                if (defines(docs.get(i), kind, namespace, name)) {
                    matches.add(new Match(file, i, docs.get(i)));
                }
            }
        }
        return matches;
    }

    /**
     * Creates or replaces one resource: the document that defines it is replaced where it is; a new
     * one is added to {@code newFileName} (created, or appended to when it exists). The result is
     * decoded as the server will decode it, and refused when Spillway would reject it.
     *
     * @param kind        the resource's kind
     * @param namespace   its namespace, empty for cluster-scoped kinds
     * @param name        its name
     * @param newFileName the file a new resource goes to, relative to {@link #dir()}
     * @param edit        the new document from the current one (null when there is none)
     * @param dryRun      prepare and check the write but leave the files as they are
     * @throws EditException naming the files and the resource when the resource is defined more than
     *                       once, or the result would be rejected
     */
    public Written upsert(
            Kind kind,
            String namespace,
            String name,
            String newFileName,
            UnaryOperator<JsonNode> edit,
            boolean dryRun) {
        ResourceKey key = new ResourceKey(kind, cluster, namespace, name);
        List<Match> matches = find(kind, namespace, name);
        if (matches.size() > 1) {
            throw new EditException(key.display() + " is defined more than once in " + dir() + ": "
                    + String.join(
                            ", ",
                            matches.stream()
                                    .map(m -> m.file().path().getFileName().toString())
                                    .distinct()
                                    .toList())
                    + "; keep one");
        }
        ConfigFile updated;
        boolean created = matches.isEmpty();
        if (created) {
            Path path = dir().resolve(newFileName);
            ConfigFile file = Files.exists(path) ? ConfigFile.read(path) : ConfigFile.empty(path);
            updated = file.append(edited(edit, null, path));
        } else {
            Match match = matches.get(0);
            updated = match.file()
                    .replace(
                            match.index(),
                            edited(
                                    edit,
                                    match.document().deepCopy(),
                                    match.file().path()));
        }
        List<Problem> warnings = check(updated, key);
        if (!dryRun) {
            updated.write();
        }
        return new Written(updated, created, warnings);
    }

    /** The warnings Spillway gives the resource in the file; throws when it would reject it. */
    private List<Problem> check(ConfigFile file, ResourceKey key) {
        return Checks.accepted(
                cluster, file.path().toString(), file.path().getFileName().toString(), file.text(), key);
    }

    /** Applies an edit; its errors are prefixed with the file. */
    private static JsonNode edited(UnaryOperator<JsonNode> edit, JsonNode current, Path file) {
        try {
            return edit.apply(current);
        } catch (EditException e) {
            throw new EditException(file + ": " + e.getMessage(), e);
        }
    }

    private List<Path> configFiles() {
        if (!Files.isDirectory(dir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(
                            f -> DirectoryWatcher.isConfigFile(f.getFileName().toString()))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new EditException(dir() + ": cannot be listed: " + e.getMessage(), e);
        }
    }

    /** True when a document is the resource, as the decoder would key it. */
    public static boolean defines(JsonNode doc, Kind kind, String namespace, String name) {
        if (doc == null
                || !doc.isObject()
                || !kind.displayName().equals(doc.path("kind").asText())) {
            return false;
        }
        if (!KubeKind.group(kind.apiVersion())
                .equals(KubeKind.group(doc.path("apiVersion").asText()))) {
            return false;
        }
        JsonNode metadata = doc.path("metadata");
        if (!name.equals(metadata.path("name").asText())) {
            return false;
        }
        if (namespace.isEmpty()) {
            return true;
        }
        String ns = metadata.path("namespace").asText("");
        return namespace.equals(ns.isEmpty() ? "default" : ns);
    }
}
