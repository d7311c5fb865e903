package dev.spillway.server.source.kube;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.KubeKind;
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
    UPSTREAM(KubeKind.UPSTREAM, Role.CUSTOM),
    GATEWAY(KubeKind.GATEWAY, Role.CUSTOM),
    VIRTUAL_SERVICE(KubeKind.VIRTUAL_SERVICE, Role.CUSTOM),
    FAILOVER_SCHEME(KubeKind.FAILOVER_SCHEME, Role.CUSTOM),
    /** Upstream discovery and the failover gateway address. */
    SERVICE(KubeKind.SERVICE, Role.DECODED),
    /** The endpoints of discovered and kube upstreams. */
    ENDPOINT_SLICE(KubeKind.ENDPOINT_SLICE, Role.DECODED),
    /** Only {@code kubernetes.io/tls} ones. */
    SECRET(KubeKind.SECRET, Role.DECODED),
    /** Which nodes run the failover gateway's ready pods (NodePort addresses). */
    POD(KubeKind.POD, Role.ADDRESSES),
    /** Node addresses for NodePort failover gateways. */
    NODE(KubeKind.NODE, Role.ADDRESSES);

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

    private final KubeKind type;
    private final Role role;

    WatchedKind(KubeKind type, Role role) {
        this.type = type;
        this.role = role;
    }

    /** The API resource: group, version, plural, kind name. */
    public KubeKind type() {
        return type;
    }

    /** The API group, empty for the core group. */
    public String group() {
        return type.group();
    }

    /** {@code gloo.solo.io/v1}, or {@code v1} for the core group. */
    public String apiVersion() {
        return type.apiVersion();
    }

    /** The resource name in URLs and RBAC rules ({@code upstreams}). */
    public String plural() {
        return type.plural();
    }

    /** The kind as written in manifests ({@code Upstream}). */
    public String kindName() {
        return type.kindName();
    }

    /** The model kind its objects decode to; null for kinds only read for addresses. */
    public Kind kind() {
        return type.kind();
    }

    /** False for cluster-scoped resources (Nodes). */
    public boolean namespaced() {
        return type.namespaced();
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
        return context(type);
    }

    /** How fabric8 addresses a resource of the table generically, without API discovery. */
    public static ResourceDefinitionContext context(KubeKind type) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(type.group())
                .withVersion(type.version())
                .withPlural(type.plural())
                .withKind(type.kindName())
                .withNamespaced(type.namespaced())
                .build();
    }

    /** The custom resources whose status Spillway writes. */
    public static List<WatchedKind> custom() {
        return Arrays.stream(values()).filter(WatchedKind::statusWritten).toList();
    }

    /** The custom resource kind a model kind is written back to, if any. */
    public static Optional<WatchedKind> withStatusFor(Kind kind) {
        return custom().stream().filter(w -> w.kind() == kind).findFirst();
    }
}
