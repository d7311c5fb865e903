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
 * the registered region, zone and network); else the registered one as it is, if any.
 */
final class ClusterRegistrations {

    /** Origin of a registration made from a discovered failover gateway address. */
    static final String DISCOVERED = "discovered";
    /** Origin of a registration given with the cluster's connection. */
    static final String REGISTERED = "registered";

    private ClusterRegistrations() {}

    /**
     * @param cluster    the federation cluster
     * @param registered the registration given with the cluster's connection, or null
     * @param discovered the failover gateway address found in the cluster, if any
     * @return the entry to add to the inventory, if any
     */
    static Optional<Inventory.Entry> entry(
            String cluster, ClusterRegistration registered, Optional<HostPort> discovered) {
        if (registered != null && (registered.failoverAddress() != null || discovered.isEmpty())) {
            return Optional.of(entry(registered, REGISTERED));
        }
        if (discovered.isEmpty()) {
            return Optional.empty();
        }
        ObjectMeta meta =
                registered != null ? registered.meta() : new ObjectMeta(cluster, "", cluster, Map.of(), 0, "");
        ClusterRegistration synthetic = registered != null
                ? new ClusterRegistration(
                        meta,
                        registered.region(),
                        registered.zone(),
                        registered.network(),
                        discovered.get(),
                        registered.kubeContext())
                : new ClusterRegistration(meta, "", "", ClusterRegistration.Network.GATEWAY, discovered.get(), "");
        return Optional.of(entry(synthetic, DISCOVERED));
    }

    private static Inventory.Entry entry(ClusterRegistration registration, String origin) {
        return new Inventory.Entry(registration.key(), registration, ResourceStatus.ACCEPTED, origin);
    }
}
