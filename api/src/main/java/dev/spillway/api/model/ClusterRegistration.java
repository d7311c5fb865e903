package dev.spillway.api.model;

/**
 * {@code spillway.dev/v1 Cluster}: a federation cluster and how other clusters reach it.
 *
 * @param meta            metadata; {@code meta.name()} is the cluster name
 * @param region          locality region of its endpoints, empty when unknown
 * @param zone            locality zone, empty when unknown
 * @param network         how other clusters reach its services
 * @param failoverAddress explicit failover gateway address, or null to discover it
 * @param kubeContext     kubeconfig context of its API server (Kubernetes mode), empty otherwise
 */
public record ClusterRegistration(
        ObjectMeta meta, String region, String zone, Network network, HostPort failoverAddress, String kubeContext)
        implements Resource {

    @Override
    public Kind kind() {
        return Kind.CLUSTER;
    }

    @Override
    public ClusterRegistration withMeta(ObjectMeta m) {
        return new ClusterRegistration(m, region, zone, network, failoverAddress, kubeContext);
    }

    /** How a cluster's services are reached from other clusters. */
    public enum Network {
        /** Only through its failover gateway, over mTLS (the default). */
        GATEWAY,
        /** Its endpoint addresses are routable from the other clusters. */
        FLAT
    }
}
