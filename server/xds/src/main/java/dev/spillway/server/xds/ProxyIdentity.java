package dev.spillway.server.xds;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.spillway.api.model.ProxyGroup;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Tells which proxy group a connecting node belongs to. Envoy's {@code node.cluster} is the proxy name
 * ({@code gateway-proxy}); {@code node.metadata.cluster} names the federation cluster, and may be left out
 * when exactly one federation cluster is configured.
 */
public final class ProxyIdentity {
    /** The federation cluster of a node that names none while several are configured. */
    public static final String UNKNOWN_CLUSTER = "";

    private static final String CLUSTER_KEY = "cluster";
    private static final String PROXYLESS_KEY = "proxyless";

    private final Supplier<Set<String>> clusters;

    /**
     * @param clusters the names of the configured federation clusters, read on every connection
     */
    public ProxyIdentity(Supplier<Set<String>> clusters) {
        this.clusters = clusters;
    }

    /**
     * The node's group; its cluster is {@link #UNKNOWN_CLUSTER} when it cannot be told. Every proxyless
     * gRPC client of a federation cluster shares that cluster's proxyless group, whatever its
     * {@code node.cluster}.
     */
    public ProxyGroup groupOf(Node node) {
        String cluster = federationCluster(node.getMetadata());
        return proxyless(node) ? ProxyGroup.proxyless(cluster) : new ProxyGroup(cluster, node.getCluster());
    }

    /** True for a proxyless gRPC client: a gRPC library's user agent, or metadata {@code proxyless: true}. */
    public boolean proxyless(Node node) {
        // grpc-java sends "gRPC Java", grpc-go "gRPC Go": the prefix is matched without case.
        if (node.getUserAgentName().regionMatches(true, 0, "grpc", 0, 4)) {
            return true;
        }
        Value flag = node.getMetadata().getFieldsOrDefault(PROXYLESS_KEY, Value.getDefaultInstance());
        return flag.getBoolValue() || "true".equalsIgnoreCase(flag.getStringValue());
    }

    /** The configured federation clusters. */
    public Set<String> knownClusters() {
        return Set.copyOf(clusters.get());
    }

    private String federationCluster(Struct metadata) {
        String named = metadata.getFieldsOrDefault(CLUSTER_KEY, Value.getDefaultInstance())
                .getStringValue();
        if (!named.isEmpty()) {
            return named;
        }
        Set<String> known = clusters.get();
        return known.size() == 1 ? known.iterator().next() : UNKNOWN_CLUSTER;
    }
}
