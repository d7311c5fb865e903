package dev.spillway.api.model;

/** The kinds of resource Spillway reads; {@link KubeKind} says how each is written in Kubernetes. */
public enum Kind {
    UPSTREAM("Upstream"),
    GATEWAY("Gateway"),
    VIRTUAL_SERVICE("VirtualService"),
    FAILOVER_SCHEME("FailoverScheme"),
    SECRET("Secret"),
    CLUSTER("Cluster"),
    SERVICE("Service"),
    ENDPOINTS("Endpoints"),
    /** A file that could not be read as YAML at all; it stands in for the resources it may hold. */
    FILE("File");

    private final String displayName;

    Kind(String displayName) {
        this.displayName = displayName;
    }

    /** The kind as written in YAML ({@code Upstream}). */
    public String displayName() {
        return displayName;
    }

    /** The group/version a user writes for this kind; empty for {@link #FILE}. */
    public String apiVersion() {
        return KubeKind.writtenAs(this).map(KubeKind::apiVersion).orElse("");
    }
}
