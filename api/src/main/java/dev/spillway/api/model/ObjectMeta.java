package dev.spillway.api.model;

import java.util.Map;

/**
 * The part of {@code metadata} Spillway uses, plus the federation cluster the object lives in.
 *
 * @param cluster           federation cluster the object was read from
 * @param namespace         namespace ({@code gloo-system})
 * @param name              name
 * @param labels            labels
 * @param generation        {@code metadata.generation}, 0 when absent (file mode)
 * @param creationTimestamp RFC 3339 creation time, empty when absent; orders conflicting claims
 * @param seen              when the file source first read a good version of the object: 0 for every object
 *                          present when it started (and in Kubernetes mode), then 1, 2, ... for objects added
 *                          later; orders conflicting claims before the creation time
 */
public record ObjectMeta(
        String cluster,
        String namespace,
        String name,
        Map<String, String> labels,
        long generation,
        String creationTimestamp,
        long seen) {

    public ObjectMeta {
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        creationTimestamp = creationTimestamp == null ? "" : creationTimestamp;
    }

    /** Metadata of an object present from the start (or read from Kubernetes). */
    public ObjectMeta(
            String cluster,
            String namespace,
            String name,
            Map<String, String> labels,
            long generation,
            String creationTimestamp) {
        this(cluster, namespace, name, labels, generation, creationTimestamp, 0);
    }

    /** This metadata, first seen at the given point of the file source's order. */
    public ObjectMeta withSeen(long order) {
        return new ObjectMeta(cluster, namespace, name, labels, generation, creationTimestamp, order);
    }

    /** Identity of the object of the given kind this metadata belongs to. */
    public ResourceKey key(Kind kind) {
        return new ResourceKey(kind, cluster, namespace, name);
    }

    /** Reference to this object from another one in the same cluster. */
    public ResourceRef ref() {
        return new ResourceRef(name, namespace);
    }
}
