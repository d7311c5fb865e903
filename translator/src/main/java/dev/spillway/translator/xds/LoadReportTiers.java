package dev.spillway.translator.xds;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.translator.model.ResolvedGroup;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.model.UpstreamCluster.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which FailoverScheme tier a load report's counts belong to. The Envoy clusters of a group that fail over
 * report load ({@code lrs_server} on the cluster); a report counts requests per locality and priority of
 * the cluster as served. Envoy's LoadStatsReporter gives each locality's host set priority (a part of an
 * aggregate counts its priorities from 0, see {@link FailoverParts}); gRPC reports the locality only, with
 * priority 0. The translator put each tier in a locality of its own federation cluster ({@code sub_zone}),
 * so a report's (priority, locality) names a tier exactly, and its locality alone names the lowest tier
 * placed there.
 */
public final class LoadReportTiers {
    private LoadReportTiers() {}

    /**
     * A locality as a load report names it.
     *
     * @param region  region
     * @param zone    zone
     * @param subZone sub-zone: the federation cluster of the tier's endpoints
     */
    public record Locality(String region, String zone, String subZone) implements Comparable<Locality> {
        @Override
        public int compareTo(Locality o) {
            return toString().compareTo(o.toString());
        }
    }

    /**
     * A priority of a served cluster and one of its localities.
     *
     * @param priority the priority as served (within an aggregate's part, from 0)
     * @param locality the locality
     */
    public record Placement(int priority, Locality locality) {}

    /**
     * One Envoy cluster whose load is reported, and the scheme tier of each of its placements.
     *
     * @param name       the Envoy cluster name (an aggregate's part, or the upstream's own cluster)
     * @param scheme     the FailoverScheme it fails over by
     * @param exact      the tier of each placement
     * @param byLocality the lowest tier placed in each locality
     */
    public record ReportingCluster(
            String name, ResourceKey scheme, Map<Placement, Integer> exact, SortedMap<Locality, Integer> byLocality) {
        public ReportingCluster {
            exact = Map.copyOf(exact);
            byLocality = new TreeMap<>(byLocality);
        }

        /** The tier that the requests of a report's locality at a priority went to, or -1 when unknown. */
        public int tierOf(int priority, Locality locality) {
            Integer exactTier = exact.get(new Placement(priority, locality));
            if (exactTier != null) {
                return exactTier;
            }
            return byLocality.getOrDefault(locality, -1);
        }
    }

    /**
     * An accepted FailoverScheme as far as its tiers go.
     *
     * @param key     the scheme
     * @param targets its targets
     */
    public record Scheme(ResourceKey key, List<Target> targets) {
        public Scheme {
            targets = List.copyOf(targets);
        }
    }

    /**
     * One target of a scheme.
     *
     * @param priority   its tier (failover group index + 1)
     * @param cluster    its federation cluster
     * @param viaGateway true when reached through the failover gateway
     */
    public record Target(int priority, String cluster, boolean viaGateway) {}

    /**
     * Every cluster of the group that reports load, by Envoy cluster name.
     *
     * @param schemes the accepted schemes by primary: {@code <federation cluster>/<Envoy cluster name>}
     */
    public static SortedMap<String, ReportingCluster> of(ResolvedGroup group, Map<String, Scheme> schemes) {
        SortedMap<String, ReportingCluster> out = new TreeMap<>();
        for (UpstreamCluster model : group.clusters()) {
            if (!model.tuning().reportsLoad()) {
                continue;
            }
            Scheme outcome = schemes.get(model.source().cluster() + "/" + model.name());
            if (outcome == null) {
                continue;
            }
            List<UpstreamCluster> parts = FailoverParts.of(model);
            for (UpstreamCluster part : parts) {
                Map<Placement, Integer> exact = new java.util.HashMap<>();
                SortedMap<Locality, Integer> byLocality = new TreeMap<>();
                for (Tier served : part.tiers()) {
                    Locality locality = locality(served);
                    int tier = schemeTier(parts.size() == 1 ? served : original(model, served), outcome);
                    exact.put(new Placement(served.priority(), locality), tier);
                    byLocality.merge(locality, tier, Math::min);
                }
                out.put(part.name(), new ReportingCluster(part.name(), outcome.key(), exact, byLocality));
            }
        }
        return out;
    }

    /** The tier of the model that a part's tier was cut from: same locality, holding its first endpoint. */
    private static Tier original(UpstreamCluster model, Tier served) {
        List<Tier> candidates = new ArrayList<>();
        for (Tier t : model.tiers()) {
            if (locality(t).equals(locality(served))
                    && (served.endpoints().isEmpty()
                            ? t.priority() == 0
                            : t.endpoints().contains(served.endpoints().get(0)))) {
                candidates.add(t);
            }
        }
        return candidates.isEmpty() ? served : candidates.get(0);
    }

    /**
     * The scheme's tier of a model tier: its priority, unless the proxyless clusters dropped tiers reached
     * only through a gateway and closed the gap; then the scheme's lowest direct target in its cluster.
     */
    private static int schemeTier(Tier tier, Scheme outcome) {
        if (tier.priority() == 0) {
            return 0;
        }
        boolean exact = outcome.targets().stream()
                .anyMatch(t -> t.priority() == tier.priority() && t.cluster().equals(tier.subZone()));
        if (exact) {
            return tier.priority();
        }
        return outcome.targets().stream()
                .filter(t -> t.cluster().equals(tier.subZone()) && !t.viaGateway())
                .mapToInt(Target::priority)
                .min()
                .orElse(tier.priority());
    }

    private static Locality locality(Tier tier) {
        return new Locality(tier.region(), tier.zone(), tier.subZone());
    }
}
