package dev.spillway.snapshot;

import io.envoyproxy.controlplane.cache.Resources;
import java.util.Optional;

/**
 * The xDS resource types Spillway serves, in push order: make-before-break, so what a resource
 * refers to (secrets, clusters and their endpoints) arrives before what refers to it.
 */
public enum XdsType {
    SECRET(Resources.V3.SECRET_TYPE_URL),
    CLUSTER(Resources.V3.CLUSTER_TYPE_URL),
    ENDPOINT(Resources.V3.ENDPOINT_TYPE_URL),
    LISTENER(Resources.V3.LISTENER_TYPE_URL),
    ROUTE(Resources.V3.ROUTE_TYPE_URL);

    private final String typeUrl;

    XdsType(String typeUrl) {
        this.typeUrl = typeUrl;
    }

    /** {@code type.googleapis.com/envoy.config.cluster.v3.Cluster}. */
    public String typeUrl() {
        return typeUrl;
    }

    /** The type for a type URL, if Spillway serves it. */
    public static Optional<XdsType> of(String typeUrl) {
        for (XdsType t : ALL) {
            if (t.typeUrl.equals(typeUrl)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** {@link #values()} without a copy per call: every request looks its type up. */
    private static final XdsType[] ALL = values();

    /**
     * True for types a client names explicitly (EDS, RDS, SDS); a client always receives every
     * cluster and listener (wildcard).
     */
    public boolean namedByClient() {
        return this == ENDPOINT || this == ROUTE || this == SECRET;
    }
}
