package dev.spillway.translator.resolve;

import dev.spillway.api.model.Claims;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.VirtualService;
import dev.spillway.translator.model.ApiListener;
import dev.spillway.translator.model.ResolvedGroup;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.model.UpstreamCluster.Endpoint;
import dev.spillway.translator.model.UpstreamCluster.Tier;
import dev.spillway.translator.model.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a federation cluster's proxyless gRPC clients receive: an API listener per VirtualService domain, all
 * of one VirtualService's sharing one route configuration (named after its first domain), and the same clusters minus what only Envoy can use. gRPC rejects {@code transport_socket_matches},
 * so failover targets reached through a TLS-only failover gateway are left out for these clients (their
 * scheme says so); targets on a flat network keep their own endpoint addresses.
 */
final class ProxylessGroups {
    private static final Comparator<VirtualService> AGE = Age.oldestFirst();

    private ProxylessGroups() {}

    /** The cluster's proxyless group, or null when no VirtualService names a domain a client can dial. */
    static ResolvedGroup of(
            ClusterResources cluster,
            Map<dev.spillway.api.model.ResourceKey, VirtualHost> hosts,
            List<UpstreamCluster> clusters,
            List<FailoverOutcome> outcomes,
            StatusBook book) {
        List<VirtualService> served = cluster.virtualServices.stream()
                .sorted(AGE)
                .filter(vs -> hosts.get(vs.key()) != null && !book.rejected(vs.key()))
                .toList();
        Map<String, VirtualService> owners = owners(served, hosts);
        Map<String, ApiListener> listeners = new TreeMap<>();
        for (VirtualService vs : served) {
            VirtualHost host = hosts.get(vs.key());
            List<String> dialable = host.domains().stream()
                    .filter(d -> owners.get(d) == vs)
                    .distinct()
                    .toList();
            if (dialable.isEmpty()) {
                continue;
            }
            // One route configuration per VirtualService, shared by its domains' listeners: gRPC picks the
            // virtual host by the dialled authority (gRFC A28), so the routes are built once, not per domain.
            VirtualHost shared = new VirtualHost(host.name(), dialable, host.routes(), host.source());
            String routeConfig = dialable.get(0) + "-routes";
            for (String domain : dialable) {
                listeners.put(domain, new ApiListener(domain, routeConfig, shared));
            }
        }
        if (listeners.isEmpty()) {
            return null;
        }
        warnAboutGatewayTargets(cluster.name, outcomes, book);
        List<UpstreamCluster> grpcClusters =
                clusters.stream().map(ProxylessGroups::withoutGatewayTargets).toList();
        return new ResolvedGroup(
                ProxyGroup.proxyless(cluster.name),
                List.of(),
                List.of(),
                grpcClusters,
                List.of(),
                List.copyOf(listeners.values()));
    }

    /** Per dialable domain, the VirtualService that has served it longest ({@link Age#heldLongest}). */
    private static Map<String, VirtualService> owners(
            List<VirtualService> served, Map<dev.spillway.api.model.ResourceKey, VirtualHost> hosts) {
        List<Age.Held<VirtualService>> claims = new ArrayList<>();
        for (VirtualService vs : served) {
            List<String> domains = hosts.get(vs.key()).domains();
            for (int i = 0; i < domains.size(); i++) {
                if (!domains.get(i).contains("*")) {
                    claims.add(new Age.Held<>(vs, Claims.domain(domains.get(i)), i));
                }
            }
        }
        claims.sort(Age.heldLongest());
        Map<String, VirtualService> owners = new HashMap<>();
        for (Age.Held<VirtualService> claim : claims) {
            owners.putIfAbsent(hosts.get(claim.holder().key()).domains().get(claim.index()), claim.holder());
        }
        return owners;
    }

    private static void warnAboutGatewayTargets(String cluster, List<FailoverOutcome> outcomes, StatusBook book) {
        for (FailoverOutcome outcome : outcomes) {
            if (!outcome.primary().startsWith(cluster + "/")) {
                continue;
            }
            List<String> omitted = outcome.targets().stream()
                    .filter(FailoverOutcome.Target::viaGateway)
                    .map(t -> t.upstream().name() + "." + t.upstream().namespace() + " on cluster " + t.cluster())
                    .toList();
            if (!omitted.isEmpty()) {
                book.warning(
                        outcome.scheme(),
                        "spec.failoverGroups",
                        "targets reached only through a TLS failover "
                                + "gateway are omitted for proxyless gRPC clients: " + String.join(", ", omitted));
            }
        }
    }

    /** The cluster without upstream TLS settings gRPC cannot use, and with contiguous priorities. */
    static UpstreamCluster withoutGatewayTargets(UpstreamCluster c) {
        List<Tier> tiers = new ArrayList<>();
        int previousPriority = -1;
        int priority = -1;
        for (Tier tier : c.tiers()) {
            List<Endpoint> direct = tier.endpoints().stream()
                    .filter(e -> e.transportMatch() == null)
                    .toList();
            if (tier.priority() != 0 && direct.isEmpty()) {
                continue;
            }
            if (tier.priority() != previousPriority) {
                priority++;
                previousPriority = tier.priority();
            }
            tiers.add(new Tier(priority, tier.region(), tier.zone(), tier.subZone(), direct, tier.weight(), null));
        }
        return new UpstreamCluster(
                c.name(),
                c.connectTimeout(),
                c.healthChecks(),
                c.outlierDetection(),
                c.circuitBreakers(),
                null,
                List.of(),
                tiers,
                c.overprovisioningFactor(),
                c.source(),
                c.protocol(),
                c.discovery(),
                c.tuning());
    }
}
