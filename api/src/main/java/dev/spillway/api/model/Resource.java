package dev.spillway.api.model;

/** A resource as a user wrote it, after schema checks. */
public sealed interface Resource
        permits Upstream,
                Gateway,
                VirtualService,
                FailoverScheme,
                TlsSecret,
                ClusterRegistration,
                KubeService,
                ServiceEndpoints {

    /** Metadata, including the federation cluster the resource belongs to. */
    ObjectMeta meta();

    /** The kind of this resource. */
    Kind kind();

    /** This resource with other metadata (the file source's first-seen order). */
    Resource withMeta(ObjectMeta meta);

    /** Identity of this resource. */
    default ResourceKey key() {
        return meta().key(kind());
    }
}
