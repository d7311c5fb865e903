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
 * @param claims            since when the object holds each of its {@link Claims} that it took after
 *                          {@code seen} (by an edit, or in Kubernetes mode after the first list), in the
 *                          order {@code seen} counts; a claim not listed is held since {@code seen}
 */
public record ObjectMeta(
        String cluster,
        String namespace,
        String name,
        Map<String, String> labels,
        long generation,
        String creationTimestamp,
        long seen,
        Map<String, Long> claims) {

    public ObjectMeta {
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        creationTimestamp = creationTimestamp == null ? "" : creationTimestamp;
        claims = Map.copyOf(claims == null ? Map.of() : claims);
    }

    /** Metadata of an object holding each of its claims since it was first seen. */
    public ObjectMeta(
            String cluster,
            String namespace,
            String name,
            Map<String, String> labels,
            long generation,
            String creationTimestamp,
            long seen) {
        this(cluster, namespace, name, labels, generation, creationTimestamp, seen, Map.of());
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
        return new ObjectMeta(cluster, namespace, name, labels, generation, creationTimestamp, order, claims);
    }

    /** This metadata with other claim orders ({@link Claims#held}). */
    public ObjectMeta withClaims(Map<String, Long> orders) {
        return new ObjectMeta(cluster, namespace, name, labels, generation, creationTimestamp, seen, orders);
    }

    /** Since when the object holds a claim, in the order {@code seen} counts. */
    public long since(String claim) {
        return claims.getOrDefault(claim, seen);
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
