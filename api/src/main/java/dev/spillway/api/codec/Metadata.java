package dev.spillway.api.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.model.ObjectMeta;

/** Reads {@code metadata}: only the fields Spillway uses; the rest belong to Kubernetes. */
final class Metadata {

    /** The namespace of objects that do not name one, as in Kubernetes. */
    static final String DEFAULT_NAMESPACE = "default";

    private Metadata() {}

    /** The namespace a {@code metadata} node gives, without reporting anything. */
    static String namespace(JsonNode metadata) {
        JsonNode ns = metadata.path("namespace");
        return ns.isTextual() && !ns.textValue().isEmpty() ? ns.textValue() : DEFAULT_NAMESPACE;
    }

    /** Reads the document's {@code metadata}; its name is known to be present. */
    static ObjectMeta read(NodeReader document, String cluster, boolean clusterScoped) {
        return document.object("metadata", m -> {
            // annotations, uid, resourceVersion, managedFields, ...: Kubernetes' own, never unknown.
            m.skipAll();
            String name = m.string("name");
            String namespace = m.string("namespace");
            if (clusterScoped) {
                namespace = "";
            } else if (namespace.isEmpty()) {
                namespace = DEFAULT_NAMESPACE;
            }
            Long generation = m.longInteger("generation");
            return new ObjectMeta(
                    cluster,
                    namespace,
                    name,
                    m.stringMap("labels"),
                    generation == null ? 0 : generation,
                    m.string("creationTimestamp"));
        });
    }
}
