package dev.spillway.translator.resolve;

import dev.spillway.api.model.Claims;
import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.FailoverScheme.Target;
import dev.spillway.api.model.GatewayAddress;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.model.Upstream;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.UpstreamCluster.Endpoint;
import dev.spillway.translator.model.UpstreamCluster.Tier;
import dev.spillway.translator.model.UpstreamCluster.TransportMatch;
import dev.spillway.translator.model.UpstreamCluster.UpstreamTls;
import dev.spillway.translator.model.UpstreamCluster.WholeServiceCheck;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns FailoverSchemes into priority tiers on their primaries, and tells each target cluster which
 * SNI names its failover gateway must forward. Oldest scheme first, so conflicts settle the same way
 * every time.
 */
final class FailoverResolver {
    /** The scheme that has named its primary longest first: it keeps the primary. */
    static final Comparator<FailoverScheme> AGE = Age.oldestFirst(s -> Claims.primary(s.primary()));

    private final Map<String, ClusterResources> clusters;
    private final Set<String> clustersWithSniGateway;
    private final StatusBook book;
    private final Map<PrimaryKey, FailoverScheme> claims = new HashMap<>();

    final Map<PrimaryKey, FailoverPlan> plans = new HashMap<>();
    final SortedMap<String, SortedSet<String>> sniNamesByCluster = new TreeMap<>();
    /** Per target cluster, the targets its failover gateway answers health checks for, and at which shares. */
    final SortedMap<String, SortedMap<String, SortedSet<Double>>> healthAnswersByCluster = new TreeMap<>();

    final List<FailoverOutcome> outcomes = new ArrayList<>();

    /** A primary upstream in its cluster. */
    record PrimaryKey(String cluster, ResourceRef upstream) {}

    FailoverResolver(Map<String, ClusterResources> clusters, Set<String> clustersWithSniGateway, StatusBook book) {
        this.clusters = clusters;
        this.clustersWithSniGateway = clustersWithSniGateway;
        this.book = book;
    }

    /** The accepted FailoverScheme whose primary this is, or null. */
    FailoverScheme owner(PrimaryKey primary) {
        return plans.containsKey(primary) ? claims.get(primary) : null;
    }

    void resolveAll(List<FailoverScheme> schemes) {
        schemes.stream().sorted(AGE).forEach(this::resolve);
    }

    private void resolve(FailoverScheme scheme) {
        ResourceKey key = scheme.key();
        book.seen(key);
        if (book.rejected(key)) {
            return;
        }
        Upstream primary = primaryOf(scheme);
        if (primary == null) {
            return;
        }
        PrimaryKey primaryKey =
                new PrimaryKey(scheme.primary().cluster(), scheme.primary().upstream());
        FailoverScheme owner = claims.get(primaryKey);
        if (owner != null) {
            book.error(
                    key,
                    "spec.primary",
                    scheme.primary() + " is already the primary target on FailoverScheme "
                            + owner.meta().name() + "." + owner.meta().namespace());
            return;
        }
        List<Resolved> resolved = resolveTargets(scheme);
        if (book.rejected(key)) {
            return;
        }
        claims.put(primaryKey, scheme);
        FailoverPlan plan = plan(scheme, resolved, primary);
        plans.put(primaryKey, plan);
        EjectionCap.warning(primary).ifPresent(w -> book.warning(key, "spec.primary", w));
        if (scheme.remoteHealthCheck() != null && primary.healthChecks().isEmpty()) {
            book.warning(
                    key,
                    "spec.remoteHealthCheck",
                    "has no effect: the primary has no health check to send through the failover gateways");
        }
        if (primary.outlierDetection() != null && resolved.stream().anyMatch(r -> r.viaGateway)) {
            // Envoy ejects hosts one by one (OutlierDetectorImpl, source/common/upstream/outlier_detection_impl.cc);
            // a gateway endpoint is one host standing for its whole target.
            book.note(
                    key,
                    "spec.primary",
                    "outlier detection also watches the failover gateway endpoints: each stands for its whole "
                            + "remote target, so one ejection takes that whole target out of rotation for the "
                            + "ejection time");
        }
        warnAboutIdleLocalityWeights(scheme, primary);
        for (Resolved r : resolved) {
            if (r.viaGateway) {
                sniNamesByCluster
                        .computeIfAbsent(r.target.cluster(), c -> new TreeSet<>())
                        .add(Names.cluster(r.target.upstream()));
            }
        }
        outcomes.add(outcome(scheme, resolved, plan.thresholds().traffic()));
    }

    /**
     * Envoy weighs localities only when the cluster sets locality_weighted_lb_config
     * (ZoneAwareLoadBalancerBase, source/extensions/load_balancing_policies/common/load_balancer_impl.cc),
     * so a localityWeight on a primary without it changes nothing.
     */
    private void warnAboutIdleLocalityWeights(FailoverScheme scheme, Upstream primary) {
        boolean weighted =
                primary.loadBalancer() != null && primary.loadBalancer().localityWeighted();
        for (int i = 0; i < scheme.failoverGroups().size(); i++) {
            if (!weighted && !scheme.failoverGroups().get(i).localityWeights().isEmpty()) {
                book.warning(
                        scheme.key(),
                        "spec.failoverGroups[" + i + "].priorityGroup",
                        "localityWeight has no effect: Upstream "
                                + primary.meta().name() + "."
                                + primary.meta().namespace()
                                + " does not set loadBalancerConfig.localityWeightedLbConfig, without which "
                                + "Envoy ignores locality weights");
            }
        }
    }

    private Upstream primaryOf(FailoverScheme scheme) {
        ResourceKey key = scheme.key();
        Target primary = scheme.primary();
        ClusterResources cluster = clusters.get(primary.cluster());
        if (cluster == null) {
            book.error(key, "spec.primary.clusterName", "cluster " + primary.cluster() + " is unknown");
            return null;
        }
        Upstream upstream = cluster.upstreams.get(primary.upstream());
        if (upstream == null || book.rejected(upstream.key())) {
            book.error(key, "spec.primary", primary + unusable(cluster, primary.upstream(), upstream));
            return null;
        }
        if (!upstream.detectsFailure()) {
            book.error(
                    key,
                    "spec.primary",
                    "no health checks or outlier detection on the primary: failover would never trigger");
            return null;
        }
        return upstream;
    }

    /** Why an upstream cannot be used: absent, or Rejected (read or not). */
    private static String unusable(ClusterResources cluster, ResourceRef ref, Upstream upstream) {
        return upstream == null && !cluster.unreadableUpstreams.contains(ref) ? " not found" : " is rejected";
    }

    /** A target with where it is reached. */
    private record Resolved(
            int group,
            Target target,
            List<Endpoint> endpoints,
            boolean viaGateway,
            String addressFrom,
            List<Endpoint> upstreamEndpoints) {}

    private List<Resolved> resolveTargets(FailoverScheme scheme) {
        List<Resolved> resolved = new ArrayList<>();
        for (int i = 0; i < scheme.failoverGroups().size(); i++) {
            for (Target target : scheme.failoverGroups().get(i).targets()) {
                Resolved r = resolveTarget(scheme, "spec.failoverGroups[" + i + "]", i, target);
                if (r != null) {
                    resolved.add(r);
                }
            }
        }
        return resolved;
    }

    private Resolved resolveTarget(FailoverScheme scheme, String field, int group, Target target) {
        ResourceKey key = scheme.key();
        if (target.equals(scheme.primary())) {
            book.error(key, field, target + " is the primary itself");
            return null;
        }
        ClusterResources cluster = clusters.get(target.cluster());
        if (cluster == null) {
            book.error(key, field, "target cluster " + target.cluster() + " is unknown");
            return null;
        }
        Upstream upstream = cluster.upstreams.get(target.upstream());
        if (upstream == null || book.rejected(upstream.key())) {
            book.error(key, field, target + unusable(cluster, target.upstream(), upstream));
            return null;
        }
        List<Endpoint> own = UpstreamEndpoints.of(upstream, cluster);
        if (cluster.flatNetwork()) {
            return new Resolved(group, target, own, false, "", own);
        }
        return throughGateway(scheme, field, group, target, cluster, own);
    }

    private Resolved throughGateway(
            FailoverScheme scheme,
            String field,
            int group,
            Target target,
            ClusterResources cluster,
            List<Endpoint> upstreamEndpoints) {
        ResourceKey key = scheme.key();
        if (!clustersWithSniGateway.contains(cluster.name)) {
            book.error(
                    key,
                    field,
                    "cluster " + cluster.name
                            + " has no failover gateway (no Gateway with a tcpHost that forwards by SNI)");
            return null;
        }
        GatewayAddress address = cluster.gatewayAddress;
        if (address.address() == null) {
            if (address.retry()) {
                book.failed(key, field, address.fault());
            } else {
                book.error(key, field, address.fault());
            }
            return null;
        }
        if (clientSecret(scheme.primary().cluster()) == null) {
            ResourceRef client = new ResourceRef(Defaults.FAILOVER_CLIENT_SECRET, Defaults.INSTALL_NAMESPACE);
            ClusterResources primary = clusters.get(scheme.primary().cluster());
            String absence = primary.rejectedSecrets.contains(client)
                    ? primary.secretAbsence(client)
                    : "no Secret " + client + " on cluster " + scheme.primary().cluster();
            book.error(key, "spec.primary", absence + ": the client certificate for the mTLS hop to failover gateways");
            return null;
        }
        Endpoint endpoint = new Endpoint(
                address.address().address(),
                address.address().port(),
                Names.cluster(target.upstream()),
                null,
                healthCheckHost(scheme, target));
        return new Resolved(group, target, List.of(endpoint), true, address.from(), upstreamEndpoints);
    }

    /**
     * The host name the primary's health check sends to a target behind a gateway: the check's own
     * {@code httpHealthCheck.host} when set, else the target's cluster name. An endpoint's
     * {@code health_check_config.hostname} overrides the check's host in Envoy
     * (HealthCheckerFactory::getHostname, source/common/upstream/health_checker_impl.cc), so it is set to
     * what the user asked for.
     */
    private String healthCheckHost(FailoverScheme scheme, Target target) {
        Upstream primary = clusters.get(scheme.primary().cluster())
                .upstreams
                .get(scheme.primary().upstream());
        return primary.healthChecks().stream()
                .limit(1)
                .filter(c -> c.http() != null
                        && c.http().host() != null
                        && !c.http().host().isEmpty())
                .map(c -> c.http().host())
                .findFirst()
                .orElse(Names.cluster(target.upstream()));
    }

    private TlsSecret clientSecret(String cluster) {
        return clusters.get(cluster)
                .secrets
                .get(new ResourceRef(Defaults.FAILOVER_CLIENT_SECRET, Defaults.INSTALL_NAMESPACE));
    }

    /** One tier of a plan: a priority's endpoints in one target cluster. */
    private record TierKey(int priority, String cluster) {}

    private FailoverPlan plan(FailoverScheme scheme, List<Resolved> resolved, Upstream primary) {
        Map<TierKey, List<Endpoint>> byTier = new LinkedHashMap<>();
        List<TransportMatch> matches = new ArrayList<>();
        List<SdsSecret> secrets = new ArrayList<>();
        Map<Integer, Integer> indexInGroup = new HashMap<>();
        for (Resolved r : resolved) {
            int priority = r.group + 1;
            List<Endpoint> tier =
                    byTier.computeIfAbsent(new TierKey(priority, r.target.cluster()), k -> new ArrayList<>());
            if (!r.viaGateway) {
                tier.addAll(r.endpoints);
                continue;
            }
            int j = indexInGroup.merge(priority, 1, Integer::sum) - 1;
            Endpoint e = r.endpoints.get(0);
            String match = Names.transportMatch(e.address(), e.port(), priority, j);
            matches.add(new TransportMatch(match, clientTls(scheme.primary().cluster(), r.target, secrets)));
            WholeServiceCheck whole = wholeServiceCheck(scheme, primary, r, match, matches, secrets);
            tier.add(new Endpoint(
                    e.address(), e.port(), e.hostname(), match, e.healthCheckHostname(), e.weight(), whole));
        }
        List<Tier> tiers = new ArrayList<>();
        byTier.forEach((k, endpoints) -> {
            int priority = k.priority();
            ClusterResources target = clusters.get(k.cluster());
            Integer weight =
                    scheme.failoverGroups().get(priority - 1).localityWeights().get(target.name);
            tiers.add(new Tier(priority, target.region(), target.zone(), target.name, endpoints, weight, null));
        });
        FailoverThresholds.Resolved thresholds = thresholds(scheme, primary, tiers);
        List<Tier> withFactors = tiers.stream()
                .map(t -> thresholds.tierFactors().containsKey(t.priority())
                        ? t.withOverprovisioningFactor(thresholds.tierFactors().get(t.priority()))
                        : t)
                .toList();
        return new FailoverPlan(
                withFactors, matches, secrets.stream().distinct().toList(), thresholds);
    }

    /**
     * With {@code remoteHealthCheck}, the primary's checks of a target behind a gateway go to that gateway
     * under a health SNI, and the gateway answers for the target as a whole (its health check filter's
     * cluster_min_healthy_percentages, HealthCheckFilter::onComplete in
     * source/extensions/filters/http/health_check/health_check.cc) instead of passing the check on to one of
     * its pods. Without a health check on the primary there is nothing to send: null.
     */
    private WholeServiceCheck wholeServiceCheck(
            FailoverScheme scheme,
            Upstream primary,
            Resolved r,
            String match,
            List<TransportMatch> matches,
            List<SdsSecret> secrets) {
        Double percent = scheme.remoteHealthCheck();
        if (percent == null || primary.healthChecks().isEmpty()) {
            return null;
        }
        String target = Names.cluster(r.target.upstream());
        String serverName = Names.healthServerName(target, percent);
        String healthMatch = Names.healthTransportMatch(match);
        matches.add(new TransportMatch(
                healthMatch, FailoverTls.of(clientSecret(scheme.primary().cluster()), serverName, secrets)));
        healthAnswersByCluster
                .computeIfAbsent(r.target.cluster(), c -> new TreeMap<>())
                .computeIfAbsent(target, t -> new TreeSet<>())
                .add(percent);
        return new WholeServiceCheck(healthMatch, serverName);
    }

    /** The scheme's thresholds against the host counts of its tiers; warnings go on the scheme. */
    private FailoverThresholds.Resolved thresholds(FailoverScheme scheme, Upstream primary, List<Tier> tiers) {
        ClusterResources primaryCluster = clusters.get(scheme.primary().cluster());
        List<Tier> all = new ArrayList<>();
        all.add(new Tier(0, "", "", primaryCluster.name, UpstreamEndpoints.of(primary, primaryCluster)));
        all.addAll(tiers);
        FailoverThresholds.Resolved thresholds = FailoverThresholds.of(scheme, all);
        thresholds.warnings().forEach(w -> book.warning(scheme.key(), w.field(), w.message()));
        return thresholds;
    }

    /** mTLS to the failover gateway: SNI names the target's Envoy cluster there. */
    private UpstreamTls clientTls(String primaryCluster, Target target, List<SdsSecret> secrets) {
        return FailoverTls.of(clientSecret(primaryCluster), Names.cluster(target.upstream()), secrets);
    }

    private FailoverOutcome outcome(FailoverScheme scheme, List<Resolved> resolved, FailoverOutcome.Traffic traffic) {
        List<FailoverOutcome.Target> targets = new ArrayList<>();
        for (Resolved r : resolved) {
            for (Endpoint e : r.endpoints) {
                targets.add(new FailoverOutcome.Target(
                        r.group + 1,
                        r.target.cluster(),
                        r.target.upstream(),
                        e.address(),
                        e.port(),
                        r.viaGateway,
                        r.viaGateway ? Names.cluster(r.target.upstream()) : "",
                        r.addressFrom,
                        r.upstreamEndpoints.stream()
                                .map(u -> u.address() + ":" + u.port())
                                .sorted()
                                .toList()));
            }
        }
        return new FailoverOutcome(
                scheme.key(),
                scheme.primary().cluster() + "/"
                        + Names.cluster(scheme.primary().upstream()),
                targets,
                traffic);
    }
}
