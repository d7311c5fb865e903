package dev.spillway.api.codec;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.Resource;
import java.util.Arrays;
import java.util.Optional;

/** The document kinds Spillway reads, by the {@code apiVersion} and {@code kind} written in YAML. */
enum KnownKind {
    UPSTREAM("gloo.solo.io/v1", "Upstream", Kind.UPSTREAM, UpstreamDecoder::decode),
    GATEWAY("gateway.solo.io/v1", "Gateway", Kind.GATEWAY, GatewayDecoder::decode),
    VIRTUAL_SERVICE("gateway.solo.io/v1", "VirtualService", Kind.VIRTUAL_SERVICE, VirtualServiceDecoder::decode),
    FAILOVER_SCHEME("fed.solo.io/v1", "FailoverScheme", Kind.FAILOVER_SCHEME, FailoverSchemeDecoder::decode),
    SECRET("v1", "Secret", Kind.SECRET, SecretDecoder::decode),
    CLUSTER("spillway.dev/v1", "Cluster", Kind.CLUSTER, ClusterDecoder::decode),
    SERVICE("v1", "Service", Kind.SERVICE, ServiceDecoder::decode),
    ENDPOINTS("v1", "Endpoints", Kind.ENDPOINTS, EndpointsDecoder::endpoints),
    ENDPOINT_SLICE("discovery.k8s.io/v1", "EndpointSlice", Kind.ENDPOINTS, EndpointsDecoder::slice);

    /** Decodes a document of one kind once its header has been checked. */
    @FunctionalInterface
    interface KindDecoder {
        /**
         * @param document reader over the whole document ({@code apiVersion}, {@code kind},
         *                 {@code metadata} and {@code status} are already marked read)
         * @param meta     the decoded metadata
         * @return the resource; only kept when no error was reported
         */
        Resource decode(NodeReader document, ObjectMeta meta);
    }

    private final String apiVersion;
    private final String kindName;
    private final Kind kind;
    private final KindDecoder decoder;

    KnownKind(String apiVersion, String kindName, Kind kind, KindDecoder decoder) {
        this.apiVersion = apiVersion;
        this.kindName = kindName;
        this.kind = kind;
        this.decoder = decoder;
    }

    /**
     * The known kind a document describes. A kind name from another API group
     * ({@code gateway.networking.k8s.io Gateway}, Cluster API's {@code Cluster}) is a different
     * kind altogether and is not ours; a missing or other version of our group is, and is then
     * rejected by the caller.
     */
    static Optional<KnownKind> of(String apiVersion, String kindName) {
        return Arrays.stream(values())
                .filter(k -> k.kindName.equals(kindName))
                .filter(k -> apiVersion == null || group(apiVersion).equals(group(k.apiVersion)))
                .findFirst();
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    String apiVersion() {
        return apiVersion;
    }

    Kind kind() {
        return kind;
    }

    KindDecoder decoder() {
        return decoder;
    }

    /** Kubernetes-owned kinds: the API server checks their schema, and they have many fields we skip. */
    boolean reportsUnknownFields() {
        return this != SERVICE && this != ENDPOINTS && this != ENDPOINT_SLICE;
    }

    /** Cluster-scoped kinds have no namespace. */
    boolean clusterScoped() {
        return this == CLUSTER;
    }
}
