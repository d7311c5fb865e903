package dev.spillway.translator.resolve;

import dev.spillway.api.model.Upstream;
import dev.spillway.translator.model.IpLiterals;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.model.UpstreamCluster.Tier;
import java.util.ArrayList;
import java.util.List;

/** One upstream as an Envoy cluster model: its own endpoints at priority 0, failover tiers after. */
final class UpstreamClusters {
    private UpstreamClusters() {}

    static UpstreamCluster of(Upstream upstream, ClusterResources cluster, FailoverPlan plan, List<SdsSecret> secrets) {
        UpstreamCluster.UpstreamTls tls = UpstreamTlsResolver.of(upstream, cluster, secrets);
        List<Tier> tiers = new ArrayList<>();
        // Priority 0 is always present: Envoy wants priorities contiguous from 0 even when it is empty.
        tiers.add(new Tier(
                0, cluster.region(), cluster.zone(), cluster.name, UpstreamEndpoints.of(upstream, cluster, tls)));
        List<UpstreamCluster.TransportMatch> matches = new ArrayList<>(StaticHostSni.matches(upstream, tls));
        Integer overprovisioning = null;
        Double panic = null;
        if (plan != null) {
            tiers.addAll(plan.tiers());
            matches.addAll(plan.transportMatches());
            secrets.addAll(plan.secrets());
            overprovisioning = plan.thresholds().factor();
            panic = plan.thresholds().panic();
        }
        return new UpstreamCluster(
                Names.cluster(upstream.meta().ref()),
                upstream.connectTimeout() == null ? Defaults.CONNECT_TIMEOUT : upstream.connectTimeout(),
                ClusterPolicies.healthChecks(
                        upstream.healthChecks().stream().limit(1).toList()),
                ClusterPolicies.outlierDetection(upstream.outlierDetection()),
                ClusterPolicies.circuitBreakers(upstream.circuitBreakers()),
                tls,
                matches,
                tiers,
                overprovisioning,
                upstream.key(),
                protocol(upstream),
                discovery(tiers),
                // The scheme is where failover is tuned: its panic threshold wins over the Upstream's own.
                (panic == null
                                ? ClusterTunings.of(upstream)
                                : ClusterTunings.of(upstream).withHealthyPanicThreshold(panic))
                        .withLoadReports(plan != null));
    }

    /**
     * HTTP/2 when asked for, and whenever a gRPC health check needs it: Envoy refuses a gRPC health check on
     * a cluster without HTTP/2 (HealthCheckerFactory::create, source/common/upstream/health_checker_impl.cc).
     */
    private static UpstreamCluster.Protocol protocol(Upstream upstream) {
        boolean grpc = upstream.healthChecks().stream().anyMatch(c -> c.grpc() != null);
        return upstream.useHttp2() || grpc ? UpstreamCluster.Protocol.HTTP2 : UpstreamCluster.Protocol.HTTP1;
    }

    /**
     * EDS takes IP addresses only (EdsClusterImpl resolves none), so static hosts given by name make a
     * DNS-resolved cluster: LOGICAL_DNS for a lone host, as Gloo does, else STRICT_DNS, which keeps every
     * address of every name.
     */
    private static UpstreamCluster.Discovery discovery(List<Tier> tiers) {
        boolean named =
                tiers.stream().flatMap(t -> t.endpoints().stream()).anyMatch(e -> !IpLiterals.isIp(e.address()));
        if (!named) {
            return UpstreamCluster.Discovery.EDS;
        }
        long endpoints = tiers.stream().mapToLong(t -> t.endpoints().size()).sum();
        return endpoints == 1 ? UpstreamCluster.Discovery.LOGICAL_DNS : UpstreamCluster.Discovery.STRICT_DNS;
    }
}
