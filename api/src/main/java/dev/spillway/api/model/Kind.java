package dev.spillway.api.model;

/** The kinds of resource Spillway reads, with the apiVersion users write them under. */
public enum Kind {
    UPSTREAM("Upstream", "gloo.solo.io/v1"),
    GATEWAY("Gateway", "gateway.solo.io/v1"),
    VIRTUAL_SERVICE("VirtualService", "gateway.solo.io/v1"),
    FAILOVER_SCHEME("FailoverScheme", "fed.solo.io/v1"),
    SECRET("Secret", "v1"),
    CLUSTER("Cluster", "spillway.dev/v1"),
    SERVICE("Service", "v1"),
    ENDPOINTS("Endpoints", "v1"),
    /** A file that could not be read as YAML at all; it stands in for the resources it may hold. */
    FILE("File", "");

    private final String displayName;
    private final String apiVersion;

    Kind(String displayName, String apiVersion) {
        this.displayName = displayName;
        this.apiVersion = apiVersion;
    }

    /** The kind as written in YAML ({@code Upstream}). */
    public String displayName() {
        return displayName;
    }

    /** The group/version a user writes for this kind. */
    public String apiVersion() {
        return apiVersion;
    }
}
