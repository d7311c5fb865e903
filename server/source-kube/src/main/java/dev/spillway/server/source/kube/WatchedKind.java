package dev.spillway.server.source.kube;

import dev.spillway.api.model.Kind;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every Kubernetes API resource the Kubernetes source informs on, per cluster. The source, the
 * status writer and {@link RequiredRbac} all read this one list, so the RBAC rules can never miss an
 * informer.
 */
public enum WatchedKind {
    /** {@code gloo.solo.io/v1 Upstream}. */
    UPSTREAM("gloo.solo.io", "v1", "upstreams", "Upstream", Kind.UPSTREAM, Role.CUSTOM),
    /** {@code gateway.solo.io/v1 Gateway}. */
    GATEWAY("gateway.solo.io", "v1", "gateways", "Gateway", Kind.GATEWAY, Role.CUSTOM),
    /** {@code gateway.solo.io/v1 VirtualService}. */
    VIRTUAL_SERVICE("gateway.solo.io", "v1", "virtualservices", "VirtualService", Kind.VIRTUAL_SERVICE, Role.CUSTOM),
    /** {@code fed.solo.io/v1 FailoverScheme}. */
    FAILOVER_SCHEME("fed.solo.io", "v1", "failoverschemes", "FailoverScheme", Kind.FAILOVER_SCHEME, Role.CUSTOM),
    /** {@code v1 Service}: upstream discovery and the failover gateway address. */
    SERVICE("", "v1", "services", "Service", Kind.SERVICE, Role.DECODED),
    /** {@code discovery.k8s.io/v1 EndpointSlice}: the endpoints of discovered and kube upstreams. */
    ENDPOINT_SLICE("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", Kind.ENDPOINTS, Role.DECODED),
    /** {@code v1 Secret}, only {@code kubernetes.io/tls} ones. */
    SECRET("", "v1", "secrets", "Secret", Kind.SECRET, Role.DECODED),
    /** {@code v1 Pod}: which nodes run the failover gateway's ready pods (NodePort addresses). */
    POD("", "v1", "pods", "Pod", null, Role.ADDRESSES),
    /** {@code v1 Node}, cluster-scoped: node addresses for NodePort failover gateways. */
    NODE("", "v1", "nodes", "Node", null, Role.ADDRESSES);

    /** The only Secret type the source reads. */
    public static final String TLS_SECRET_TYPE = "kubernetes.io/tls";

    /** What the source does with the objects of a kind. */
    enum Role {
        /** A Gloo custom resource: decoded, and its {@code status} written back. */
        CUSTOM,
        /** A Kubernetes object decoded into the inventory. */
        DECODED,
        /** Only read to discover failover gateway addresses; never in the inventory. */
        ADDRESSES
    }

    private final String group;
    private final String version;
    private final String plural;
    private final String kindName;
    private final Kind kind;
    private final Role role;

    WatchedKind(String group, String version, String plural, String kindName, Kind kind, Role role) {
        this.group = group;
        this.version = version;
        this.plural = plural;
        this.kindName = kindName;
        this.kind = kind;
        this.role = role;
    }

    /** The API group, empty for the core group. */
    public String group() {
        return group;
    }

    /** {@code gloo.solo.io/v1}, or {@code v1} for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
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

    /** False for cluster-scoped resources (Nodes). */
    public boolean namespaced() {
        return this != NODE;
    }

    /** True for the Gloo custom resources whose {@code status} subresource Spillway writes. */
    public boolean statusWritten() {
        return role == Role.CUSTOM;
    }

    /** True when the objects go into the inventory through the decoder. */
    public boolean decoded() {
        return role != Role.ADDRESSES;
    }

    /** How fabric8 addresses this resource generically. */
    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withPlural(plural)
                .withKind(kindName)
                .withNamespaced(namespaced())
                .build();
    }

    /** The custom resources whose status Spillway writes. */
    public static List<WatchedKind> custom() {
        return Arrays.stream(values()).filter(WatchedKind::statusWritten).toList();
    }

    /** The custom resource kind a model kind is written back to, if any. */
    public static Optional<WatchedKind> withStatusFor(Kind kind) {
        return custom().stream().filter(w -> w.kind == kind).findFirst();
    }
}
