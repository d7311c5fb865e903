package dev.spillway.server.source.kube;

import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Cluster} registration the source puts in the inventory for each cluster: the one given at
 * registration, with a region or zone it leaves empty taken from the cluster's nodes' topology labels; or,
 * when none was given, one made from those labels alone. The failover gateway address is not here: the
 * inventory finds it ({@link dev.spillway.api.source.GatewayAddresses}).
 */
final class ClusterRegistrations {

    /** Origin of a registration given with the cluster's connection. */
    static final String REGISTERED = "registered";
    /** Origin of a registration made only from the nodes' topology labels. */
    static final String NODE_LABELS = "node labels";

    private ClusterRegistrations() {}

    /**
     * @param cluster    the federation cluster
     * @param registered the registration given with the cluster's connection, or null
     * @param topology   the locality its nodes are labelled with, filling a region or zone the registration
     *                   leaves empty
     * @return the entry to add to the inventory, if any
     */
    static Optional<Inventory.Entry> entry(String cluster, ClusterRegistration registered, NodeTopology topology) {
        if (registered == null && topology.isEmpty()) {
            return Optional.empty();
        }
        ObjectMeta meta =
                registered != null ? registered.meta() : new ObjectMeta(cluster, "", cluster, Map.of(), 0, "");
        String region = registered != null && !registered.region().isEmpty() ? registered.region() : topology.region();
        String zone = registered != null && !registered.zone().isEmpty() ? registered.zone() : topology.zone();
        ClusterRegistration registration = new ClusterRegistration(
                meta,
                region,
                zone,
                registered != null ? registered.network() : ClusterRegistration.Network.GATEWAY,
                registered == null ? null : registered.failoverAddress(),
                registered != null ? registered.kubeContext() : "");
        String origin = registered != null ? REGISTERED : NODE_LABELS;
        return Optional.of(new Inventory.Entry(registration.key(), registration, ResourceStatus.ACCEPTED, origin));
    }
}
