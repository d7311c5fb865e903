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
 */
public record ObjectMeta(
        String cluster,
        String namespace,
        String name,
        Map<String, String> labels,
        long generation,
        String creationTimestamp) {

    public ObjectMeta {
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        creationTimestamp = creationTimestamp == null ? "" : creationTimestamp;
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
