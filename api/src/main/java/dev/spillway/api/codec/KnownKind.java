package dev.spillway.api.codec;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.KubeKind;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.Resource;
import java.util.Arrays;
import java.util.Optional;

/** The document kinds Spillway decodes, each with its decoder. */
enum KnownKind {
    UPSTREAM(KubeKind.UPSTREAM, UpstreamDecoder::decode),
    GATEWAY(KubeKind.GATEWAY, GatewayDecoder::decode),
    VIRTUAL_SERVICE(KubeKind.VIRTUAL_SERVICE, VirtualServiceDecoder::decode),
    FAILOVER_SCHEME(KubeKind.FAILOVER_SCHEME, FailoverSchemeDecoder::decode),
    SECRET(KubeKind.SECRET, SecretDecoder::decode),
    CLUSTER(KubeKind.CLUSTER, ClusterDecoder::decode),
    SERVICE(KubeKind.SERVICE, ServiceDecoder::decode),
    ENDPOINTS(KubeKind.ENDPOINTS, EndpointsDecoder::endpoints),
    ENDPOINT_SLICE(KubeKind.ENDPOINT_SLICE, EndpointsDecoder::slice);

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

    private final KubeKind type;
    private final KindDecoder decoder;

    KnownKind(KubeKind type, KindDecoder decoder) {
        this.type = type;
        this.decoder = decoder;
    }

    /** The known kind a document describes (see {@link KubeKind#of}). */
    static Optional<KnownKind> of(String apiVersion, String kindName) {
        return KubeKind.of(apiVersion, kindName)
                .flatMap(type ->
                        Arrays.stream(values()).filter(k -> k.type == type).findFirst());
    }

    String apiVersion() {
        return type.apiVersion();
    }

    Kind kind() {
        return type.kind();
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
        return !type.namespaced();
    }
}
