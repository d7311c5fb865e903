package dev.spillway.translator.resolve;

import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.Gateway.TcpHost;
import dev.spillway.translator.model.UpstreamCluster;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loop-free failover by construction. A failover gateway forwards a connection to the cluster its SNI
 * names; when that cluster itself fails over (its upstream is the primary of a scheme here), a request
 * that already failed over once could be sent on to another gateway, and two clusters failing over to
 * each other would bounce it between their gateways. So every such cluster the gateway forwards to gets a
 * twin, {@code <cluster>:local}, with only the upstream's own endpoints (priority 0, no failover tiers,
 * no TLS to gateways), and the gateway's chain for that SNI forwards to the twin.
 */
final class LocalOnlyTwins {
    private LocalOnlyTwins() {}

    /**
     * @param gateways   the cluster's valid Gateways
     * @param sniTargets the SNI names FailoverSchemes target in this cluster
     * @param clusters   the cluster's upstream clusters
     * @return the twins by the name of the cluster they stand in for
     */
    static SortedMap<String, UpstreamCluster> of(
            List<Gateway> gateways, Set<String> sniTargets, List<UpstreamCluster> clusters) {
        Set<String> forwarded = new TreeSet<>();
        for (Gateway g : gateways) {
            if (g.tcp() == null) {
                continue;
            }
            for (TcpHost host : g.tcp().tcpHosts()) {
                if (host.destination().forwardSniClusterName()) {
                    forwarded.addAll(sniTargets);
                    if (host.ssl() != null) {
                        forwarded.addAll(host.ssl().sniDomains());
                    }
                }
            }
        }
        SortedMap<String, UpstreamCluster> twins = new TreeMap<>();
        clusters.stream()
                .filter(c -> forwarded.contains(c.name()))
                .filter(c -> c.tiers().stream().anyMatch(t -> t.priority() > 0))
                .forEach(c -> twins.put(c.name(), c.localOnly(Names.localOnly(c.name()))));
        return twins;
    }
}
