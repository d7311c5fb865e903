package dev.spillway.server.source.kube;

import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Cluster} registration the source puts in the inventory for each cluster: the one given
 * at registration when it names a failover address; else one carrying the discovered address (and
 * the registered region, zone and network); else the registered one as it is, if any. A region or zone the
 * registration leaves empty comes from the cluster's nodes' topology labels.
 */
final class ClusterRegistrations {

    /** Origin of a registration made from a discovered failover gateway address. */
    static final String DISCOVERED = "discovered";
    /** Origin of a registration given with the cluster's connection. */
    static final String REGISTERED = "registered";
    /** Origin of a registration made only from the nodes' topology labels. */
    static final String NODE_LABELS = "node labels";

    private ClusterRegistrations() {}

    /**
     * @param cluster    the federation cluster
     * @param registered the registration given with the cluster's connection, or null
     * @param discovered the failover gateway address found in the cluster, if any
     * @param topology   the locality its nodes are labelled with, filling a region or zone the registration
     *                   leaves empty
     * @return the entry to add to the inventory, if any
     */
    static Optional<Inventory.Entry> entry(
            String cluster, ClusterRegistration registered, Optional<HostPort> discovered, NodeTopology topology) {
        boolean useDiscovered = discovered.isPresent() && (registered == null || registered.failoverAddress() == null);
        if (registered == null && !useDiscovered && topology.isEmpty()) {
            return Optional.empty();
        }
        ObjectMeta meta =
                registered != null ? registered.meta() : new ObjectMeta(cluster, "", cluster, Map.of(), 0, "");
        String region = registered != null && !registered.region().isEmpty() ? registered.region() : topology.region();
        String zone = registered != null && !registered.zone().isEmpty() ? registered.zone() : topology.zone();
        HostPort address = useDiscovered ? discovered.get() : registered == null ? null : registered.failoverAddress();
        ClusterRegistration registration = new ClusterRegistration(
                meta,
                region,
                zone,
                registered != null ? registered.network() : ClusterRegistration.Network.GATEWAY,
                address,
                registered != null ? registered.kubeContext() : "");
        String origin = useDiscovered ? DISCOVERED : registered != null ? REGISTERED : NODE_LABELS;
        return Optional.of(entry(registration, origin));
    }

    private static Inventory.Entry entry(ClusterRegistration registration, String origin) {
        return new Inventory.Entry(registration.key(), registration, ResourceStatus.ACCEPTED, origin);
    }
}
