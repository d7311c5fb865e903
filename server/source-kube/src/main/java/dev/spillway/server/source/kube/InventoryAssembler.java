package dev.spillway.server.source.kube;

import dev.spillway.api.source.GatewayAddresses;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Merges what the source knows of every cluster into one inventory. Pure. */
final class InventoryAssembler {

    private InventoryAssembler() {}

    /**
     * What the source knows of one cluster.
     *
     * @param name             federation cluster name
     * @param synced           false until the cluster was read in full: until then it contributes nothing,
     *                         so the translator never sees half a cluster
     * @param unreachableSince when its API server became unreachable, or null
     * @param entries          the entries decoded from its objects
     * @param registration     its {@code Cluster} registration, if any
     */
    record ClusterState(
            String name,
            boolean synced,
            Instant unreachableSince,
            List<Inventory.Entry> entries,
            Optional<Inventory.Entry> registration) {
        ClusterState {
            entries = List.copyOf(entries);
        }
    }

    /** The message of the Warning every resource of an unreachable cluster carries. */
    static String staleMessage(String cluster, Instant since) {
        return "cluster " + cluster + " unreachable since " + since + ": serving its last known resources";
    }

    /** @param environment what the source knows of hostnames and nodes, to find failover gateway addresses */
    static Inventory assemble(List<ClusterState> clusters, GatewayAddresses.Environment environment) {
        List<Inventory.Entry> all = new ArrayList<>();
        for (ClusterState cluster : clusters) {
            if (!cluster.synced()) {
                continue;
            }
            List<Inventory.Entry> entries = new ArrayList<>(cluster.entries());
            cluster.registration().ifPresent(entries::add);
            for (Inventory.Entry entry : entries) {
                all.add(cluster.unreachableSince() == null ? entry : stale(entry, cluster));
            }
        }
        return Inventory.of(all, environment);
    }

    /** The entry, still served, with a Warning that its cluster cannot be read. */
    private static Inventory.Entry stale(Inventory.Entry entry, ClusterState cluster) {
        Problem problem = Problem.warning(entry.key(), "", staleMessage(cluster.name(), cluster.unreachableSince()));
        return entry.withStatus(entry.status().with(List.of(problem)));
    }
}
