package dev.spillway.api.model;

import java.util.Objects;

/**
 * Identity of one resource across all federation clusters.
 *
 * @param kind      what the resource is
 * @param cluster   the federation cluster it was read from ({@code local})
 * @param namespace its namespace (empty for cluster-scoped resources and files)
 * @param name      its name
 */
public record ResourceKey(Kind kind, String cluster, String namespace, String name) implements Comparable<ResourceKey> {

    public ResourceKey {
        Objects.requireNonNull(kind, "kind");
        cluster = Objects.requireNonNullElse(cluster, "");
        namespace = Objects.requireNonNullElse(namespace, "");
        name = Objects.requireNonNullElse(name, "");
    }

    /** {@code Upstream gloo-system/blue}: the form every problem message starts with. */
    public String display() {
        if (kind == Kind.FILE) {
            return kind.displayName() + " " + cluster + "/" + name;
        }
        return namespace.isEmpty()
                ? kind.displayName() + " " + name
                : kind.displayName() + " " + namespace + "/" + name;
    }

    /** {@code local/gloo-system/blue}: the form the CLI prints. */
    public String path() {
        return cluster + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    /** By cluster, kind, namespace, name. Written out: inventories sort ten thousand keys on every change. */
    @Override
    public int compareTo(ResourceKey other) {
        int c = cluster.compareTo(other.cluster);
        if (c == 0) {
            c = kind.compareTo(other.kind);
        }
        if (c == 0) {
            c = namespace.compareTo(other.namespace);
        }
        return c != 0 ? c : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return kind.displayName() + " " + path();
    }
}
