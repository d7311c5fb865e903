package dev.spillway.server.source.file;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import java.util.Comparator;

/**
 * One config file: {@code <root>/<cluster>/<fileName>}; with an empty file name, the cluster directory
 * itself, when it cannot be listed.
 *
 * @param cluster  the cluster directory's name, which is the federation cluster's name
 * @param fileName the file's name inside it, empty for the directory
 */
record FileId(String cluster, String fileName) implements Comparable<FileId> {

    private static final Comparator<FileId> ORDER =
            Comparator.comparing(FileId::cluster).thenComparing(FileId::fileName);

    /** The cluster directory itself. */
    static FileId directory(String cluster) {
        return new FileId(cluster, "");
    }

    /** True when resources from the given origin are read through this file (or directory). */
    boolean holds(String origin) {
        return fileName.isEmpty() ? origin.startsWith(cluster + "/") : origin().equals(origin);
    }

    /** {@code local/upstreams.yaml}: the origin of its resources and the name in messages. */
    String origin() {
        return cluster + "/" + fileName;
    }

    /** The key the file itself is reported under when it cannot be read. */
    ResourceKey key() {
        return new ResourceKey(Kind.FILE, cluster, "", fileName);
    }

    @Override
    public int compareTo(FileId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return origin();
    }
}
