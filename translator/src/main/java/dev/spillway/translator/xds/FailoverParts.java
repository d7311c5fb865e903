package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Protos.duration;

import dev.spillway.translator.model.ClusterTuning;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.model.UpstreamCluster.Endpoint;
import dev.spillway.translator.model.UpstreamCluster.Tier;
import dev.spillway.translator.model.UpstreamCluster.WholeServiceCheck;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.clusters.aggregate.v3.ClusterConfig;
import io.envoyproxy.envoy.type.v3.Percent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Envoy identifies a cluster's hosts by address and keeps only the first host per address across all
 * priorities (EdsClusterImpl::BatchUpdateHelper::updateLocalityEndpoints, eds.cc). Two failover targets
 * behind one gateway share its address and differ only in SNI, so one cluster cannot hold both. Such a
 * cluster is served as parts, each holding every address at most once, under an aggregate cluster
 * ({@code envoy.clusters.aggregate}, as Consul does for failover) with the upstream's own name: the
 * aggregate load balancer stacks the parts' priorities in order (AggregateClusterLoadBalancer in
 * source/extensions/clusters/aggregate/cluster.cc), so traffic fails over in the order written, and
 * each target keeps its own endpoint, SNI and health checks.
 *
 * <p>A tier whose overprovisioning factor differs from the cluster's (a failover group's own threshold)
 * also starts a part: Envoy reads one factor per assignment (EdsClusterImpl::BatchUpdateHelper::batchUpdate,
 * source/extensions/clusters/eds/eds.cc), and the aggregate keeps each part's host sets with their own
 * factor when it stacks them (linearizePrioritySet, aggregate/cluster.cc).
 *
 * <p>A failover endpoint checked as its whole target (a scheme's {@code remoteHealthCheck}) is a part of its own,
 * whose health checks go to the gateway's health answer for that target.
 */
final class FailoverParts {
    static final String AGGREGATE = "envoy.clusters.aggregate";

    private FailoverParts() {}

    /** The cluster itself when no address repeats, else its parts in failover order. */
    static List<UpstreamCluster> of(UpstreamCluster cluster) {
        List<List<Tier>> parts = new ArrayList<>();
        List<Integer> partFactors = new ArrayList<>();
        List<WholeServiceCheck> partChecks = new ArrayList<>();
        List<Tier> current = new ArrayList<>();
        WholeServiceCheck currentCheck = null;
        Integer currentFactor = cluster.overprovisioningFactor();
        Set<String> used = new HashSet<>();
        TreeMap<Integer, List<Tier>> byPriority = new TreeMap<>();
        cluster.tiers()
                .forEach(t -> byPriority
                        .computeIfAbsent(t.priority(), p -> new ArrayList<>())
                        .add(t));
        for (List<Tier> tiers : byPriority.values()) {
            Integer factor = tiers.get(0).overprovisioningFactor() != null
                    ? tiers.get(0).overprovisioningFactor()
                    : cluster.overprovisioningFactor();
            for (List<Tier> level : levels(checkedAsThemselves(tiers))) {
                Set<String> addresses = new HashSet<>();
                level.forEach(t -> t.endpoints().forEach(e -> addresses.add(key(e))));
                if (addresses.stream().anyMatch(used::contains)
                        || !Objects.equals(factor, currentFactor)
                        || currentCheck != null) {
                    parts.add(current);
                    partFactors.add(currentFactor);
                    partChecks.add(currentCheck);
                    current = new ArrayList<>();
                    currentFactor = factor;
                    currentCheck = null;
                    used.clear();
                }
                int priority =
                        current.isEmpty() ? 0 : current.get(current.size() - 1).priority() + 1;
                for (Tier t : level) {
                    // The part carries the factor; its tiers take it from there.
                    current.add(new Tier(priority, t.region(), t.zone(), t.subZone(), t.endpoints(), t.weight(), null));
                }
                used.addAll(addresses);
            }
            // An endpoint checked as its whole target has a part of its own: a cluster's checks all connect
            // with one transport socket (HealthCheck.transport_socket_match_criteria).
            for (Tier t : tiers) {
                for (Endpoint e : t.endpoints()) {
                    if (e.wholeServiceCheck() == null) {
                        continue;
                    }
                    parts.add(current);
                    partFactors.add(currentFactor);
                    partChecks.add(currentCheck);
                    current = new ArrayList<>(
                            List.of(new Tier(0, t.region(), t.zone(), t.subZone(), List.of(e), t.weight(), null)));
                    currentFactor = factor;
                    currentCheck = e.wholeServiceCheck();
                    used.clear();
                    used.add(key(e));
                }
            }
        }
        parts.add(current);
        partFactors.add(currentFactor);
        partChecks.add(currentCheck);
        if (parts.size() == 1) {
            return List.of(cluster);
        }
        List<UpstreamCluster> clusters = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Set<String> matches = new HashSet<>();
            parts.get(i)
                    .forEach(t -> t.endpoints().forEach(e -> {
                        matches.add(e.transportMatch());
                        if (e.wholeServiceCheck() != null) {
                            matches.add(e.wholeServiceCheck().transportMatch());
                        }
                    }));
            clusters.add(new UpstreamCluster(
                    cluster.name() + ":" + i,
                    cluster.connectTimeout(),
                    partChecks.get(i) == null
                            ? cluster.healthChecks()
                            : WholeServiceChecks.of(cluster.healthChecks(), partChecks.get(i)),
                    cluster.outlierDetection(),
                    cluster.circuitBreakers(),
                    cluster.tls(),
                    cluster.transportMatches().stream()
                            .filter(m -> matches.contains(m.name()))
                            .toList(),
                    parts.get(i),
                    partFactors.get(i),
                    cluster.source(),
                    cluster.protocol(),
                    cluster.discovery(),
                    cluster.tuning()));
        }
        return clusters;
    }

    /** The aggregate cluster routes name: its parts in failover order. */
    static Cluster aggregate(UpstreamCluster cluster, List<UpstreamCluster> parts) {
        ClusterConfig config = ClusterConfig.newBuilder()
                .addAllClusters(parts.stream().map(UpstreamCluster::name).toList())
                .build();
        Cluster.Builder b = Cluster.newBuilder()
                .setName(cluster.name())
                .setConnectTimeout(duration(cluster.connectTimeout()))
                .setClusterType(Cluster.CustomClusterType.newBuilder()
                        .setName(AGGREGATE)
                        .setTypedConfig(Protos.any(config)))
                .setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED);
        // The aggregate spreads load over its parts' priorities with its own panic threshold
        // (AggregateClusterLoadBalancer::LoadBalancerImpl, source/extensions/clusters/aggregate/cluster.cc).
        ClusterTuning.LoadBalancing lb = cluster.tuning().loadBalancing();
        if (lb != null && lb.healthyPanicThreshold() != null) {
            b.setCommonLbConfig(Cluster.CommonLbConfig.newBuilder()
                    .setHealthyPanicThreshold(Percent.newBuilder().setValue(lb.healthyPanicThreshold())));
        }
        return b.build();
    }

    /** The tiers without the endpoints checked as their whole target; priority 0 is kept even empty. */
    private static List<Tier> checkedAsThemselves(List<Tier> tiers) {
        List<Tier> out = new ArrayList<>();
        for (Tier t : tiers) {
            List<Endpoint> own = t.endpoints().stream()
                    .filter(e -> e.wholeServiceCheck() == null)
                    .toList();
            if (own.size() == t.endpoints().size()) {
                out.add(t);
            } else if (!own.isEmpty() || t.priority() == 0) {
                out.add(new Tier(
                        t.priority(), t.region(), t.zone(), t.subZone(), own, t.weight(), t.overprovisioningFactor()));
            }
        }
        return out;
    }

    /**
     * The endpoints of one priority split so that no level holds an address twice: the n-th endpoint at an
     * address goes to level n, keeping its locality. The first level keeps empty localities (priority 0 is
     * always present, even empty).
     */
    private static List<List<Tier>> levels(List<Tier> tiers) {
        List<List<Tier>> levels = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<List<List<Endpoint>>> byTier = new ArrayList<>();
        int depth = 1;
        for (Tier tier : tiers) {
            List<List<Endpoint>> split = new ArrayList<>();
            for (Endpoint e : tier.endpoints()) {
                int n = seen.merge(key(e), 1, Integer::sum) - 1;
                while (split.size() <= n) {
                    split.add(new ArrayList<>());
                }
                split.get(n).add(e);
            }
            depth = Math.max(depth, split.size());
            byTier.add(split);
        }
        for (int n = 0; n < depth; n++) {
            List<Tier> level = new ArrayList<>();
            for (int t = 0; t < tiers.size(); t++) {
                List<List<Endpoint>> split = byTier.get(t);
                Tier tier = tiers.get(t);
                if (n < split.size()) {
                    level.add(new Tier(
                            tier.priority(),
                            tier.region(),
                            tier.zone(),
                            tier.subZone(),
                            split.get(n),
                            tier.weight(),
                            null));
                } else if (n == 0) {
                    level.add(tier);
                }
            }
            levels.add(level);
        }
        return levels;
    }

    private static String key(Endpoint e) {
        return e.address() + ":" + e.port();
    }
}
