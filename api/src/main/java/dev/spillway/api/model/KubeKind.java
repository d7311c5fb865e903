package dev.spillway.api.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every Kubernetes API resource Spillway reads or writes, with its API group, version, plural and kind
 * name: the one table the decoder, the Kubernetes source, its RBAC rules and the CLI read.
 */
public enum KubeKind {
    UPSTREAM("gloo.solo.io", "upstreams", "Upstream", Kind.UPSTREAM, true),
    GATEWAY("gateway.solo.io", "gateways", "Gateway", Kind.GATEWAY, true),
    VIRTUAL_SERVICE("gateway.solo.io", "virtualservices", "VirtualService", Kind.VIRTUAL_SERVICE, true),
    FAILOVER_SCHEME("fed.solo.io", "failoverschemes", "FailoverScheme", Kind.FAILOVER_SCHEME, true),
    SECRET("", "secrets", "Secret", Kind.SECRET, true),
    /** Spillway's own registration of a federation cluster; cluster-scoped. */
    CLUSTER("spillway.dev", "clusters", "Cluster", Kind.CLUSTER, false),
    SERVICE("", "services", "Service", Kind.SERVICE, true),
    ENDPOINTS("", "endpoints", "Endpoints", Kind.ENDPOINTS, true),
    ENDPOINT_SLICE("discovery.k8s.io", "endpointslices", "EndpointSlice", Kind.ENDPOINTS, true),
    /** Read only to find the nodes of a failover gateway's pods; never a resource of the inventory. */
    POD("", "pods", "Pod", null, true),
    /** Read only for node addresses of NodePort failover gateways; cluster-scoped. */
    NODE("", "nodes", "Node", null, false);

    private static final String VERSION = "v1";

    private final String group;
    private final String plural;
    private final String kindName;
    private final Kind kind;
    private final boolean namespaced;

    KubeKind(String group, String plural, String kindName, Kind kind, boolean namespaced) {
        this.group = group;
        this.plural = plural;
        this.kindName = kindName;
        this.kind = kind;
        this.namespaced = namespaced;
    }

    /** The API group, empty for the core group. */
    public String group() {
        return group;
    }

    /** The API version within the group ({@code v1}). */
    public String version() {
        return VERSION;
    }

    /** {@code gloo.solo.io/v1}, or {@code v1} for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? VERSION : group + "/" + VERSION;
    }

    /** The resource name in URLs and RBAC rules ({@code upstreams}). */
    public String plural() {
        return plural;
    }

    /** The kind as written in manifests ({@code Upstream}). */
    public String kindName() {
        return kindName;
    }

    /** The model kind its objects decode to; null for kinds only read for addresses. */
    public Kind kind() {
        return kind;
    }

    /** False for cluster-scoped resources. */
    public boolean namespaced() {
        return namespaced;
    }

    /**
     * The kind a document describes. A kind name from another API group
     * ({@code gateway.networking.k8s.io Gateway}, Cluster API's {@code Cluster}) is a different kind
     * altogether and is not ours; a missing or other version of our group is, and is then rejected by the
     * caller.
     */
    public static Optional<KubeKind> of(String apiVersion, String kindName) {
        return Arrays.stream(values())
                .filter(k -> k.kindName.equals(kindName))
                .filter(k -> apiVersion == null || group(apiVersion).equals(k.group))
                .findFirst();
    }

    /** The kind users write a model kind as (Endpoints, not EndpointSlice); empty for {@link Kind#FILE}. */
    public static Optional<KubeKind> writtenAs(Kind kind) {
        return Arrays.stream(values()).filter(k -> k.kind == kind).findFirst();
    }

    /** The group of {@code group/version}; empty for the core group's {@code v1}. */
    public static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
