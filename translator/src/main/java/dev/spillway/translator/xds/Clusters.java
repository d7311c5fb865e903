package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Protos.duration;
import static dev.spillway.translator.xds.Protos.uint32;

import com.google.protobuf.Struct;
import dev.spillway.api.ContentHash;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.model.UpstreamCluster.Discovery;
import dev.spillway.translator.model.UpstreamCluster.TransportMatch;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.DiscoveryType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.EdsClusterConfig;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.type.v3.Percent;
import java.util.function.Consumer;

/**
 * A cluster per upstream cluster of the model: EDS over ADS for IP endpoints, DNS-resolved with its
 * endpoints inline for named hosts.
 */
final class Clusters {
    /** The key Envoy reads a cluster's upstream HTTP protocol options under. */
    static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
    /** Key of the transport socket match criteria, on the cluster's matches and the endpoints' metadata alike. */
    static final String TRANSPORT_MATCH_KEY = "name";

    private Clusters() {}

    static Cluster of(UpstreamCluster cluster) {
        return build(cluster, cluster.discovery() == Discovery.EDS ? edsServiceName(cluster) : "");
    }

    /**
     * {@code <cluster>-<first 8 hex chars of SHA-256 of the cluster without its EDS name>}: any change to
     * the cluster gives a new EDS name, so Envoy never keeps the updated cluster warming for endpoints it
     * believes it already has (https://github.com/envoyproxy/envoy/issues/13009). The endpoints'
     * {@code cluster_name} is this name too.
     */
    static String edsServiceName(UpstreamCluster cluster) {
        return cluster.name() + "-"
                + ContentHash.of(ProtoBytes.deterministic(build(cluster, "")), ContentHash.NAME_LENGTH);
    }

    /** The criteria of one transport socket match, which the endpoints selecting it carry as metadata. */
    static Struct transportMatchCriteria(String matchName) {
        return Protos.struct(TRANSPORT_MATCH_KEY, matchName);
    }

    private static Cluster build(UpstreamCluster cluster, String edsServiceName) {
        Cluster.Builder b = Cluster.newBuilder()
                .setName(cluster.name())
                .setConnectTimeout(duration(cluster.connectTimeout()))
                .addAllHealthChecks(HealthChecks.of(cluster.healthChecks()));
        switch (cluster.discovery()) {
            case EDS ->
                b.setType(DiscoveryType.EDS)
                        .setEdsClusterConfig(EdsClusterConfig.newBuilder()
                                .setEdsConfig(Protos.ads())
                                .setServiceName(edsServiceName));
            // The endpoints travel inside the cluster; IPv4 first, as most pods have no IPv6 route.
            case STRICT_DNS, LOGICAL_DNS ->
                b.setType(
                                cluster.discovery() == Discovery.STRICT_DNS
                                        ? DiscoveryType.STRICT_DNS
                                        : DiscoveryType.LOGICAL_DNS)
                        .setDnsLookupFamily(Cluster.DnsLookupFamily.V4_PREFERRED)
                        .setLoadAssignment(Endpoints.assignment(cluster, cluster.name()));
        }
        // HTTP/2 when the model says so: ClusterInfoImpl sets the cluster's HTTP2 feature from these explicit
        // options (source/common/upstream/upstream_impl.cc), which gRPC health checks require.
        HttpProtocolOptions http = ClusterTuningParts.httpProtocolOptions(cluster);
        if (http != null) {
            b.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, Protos.any(http));
        }
        ClusterTuningParts.apply(b, cluster);
        if (cluster.outlierDetection() != null) {
            b.setOutlierDetection(outlierDetection(cluster.outlierDetection()));
        }
        if (cluster.circuitBreakers() != null) {
            b.setCircuitBreakers(circuitBreakers(cluster.circuitBreakers()));
        }
        if (cluster.tls() != null) {
            b.setTransportSocket(TlsContexts.transportSocket(TlsContexts.upstream(cluster.tls())));
        }
        cluster.transportMatches().forEach(m -> b.addTransportSocketMatches(transportMatch(m)));
        if (cluster.tuning().reportsLoad()) {
            // Load reports go to the xDS server itself: gRPC accepts only `self` here (parseNonAggregateCluster in
            // grpc-java's XdsClusterResource: "only support LRS for the same management server") and starts its
            // LoadReportClient for such a cluster. Envoy does not read this field (not-implemented-hide in
            // cluster.proto); its LoadStatsReporter runs from the bootstrap's cluster_manager.load_stats_config.
            b.setLrsServer(io.envoyproxy.envoy.config.core.v3.ConfigSource.newBuilder()
                    .setSelf(io.envoyproxy.envoy.config.core.v3.SelfConfigSource.getDefaultInstance())
                    .setResourceApiVersion(io.envoyproxy.envoy.config.core.v3.ApiVersion.V3));
        }
        return b.build();
    }

    /**
     * Envoy's healthy panic threshold (per priority: LoadBalancerBase::isHostSetInPanic, load_balancer_impl.cc);
     * a Percent, 0..100 by PGV, rounded to a whole percent by Envoy (ProtobufPercentHelper::convertPercent).
     */
    static Cluster.CommonLbConfig panic(double percent) {
        return Cluster.CommonLbConfig.newBuilder()
                .setHealthyPanicThreshold(Percent.newBuilder().setValue(percent))
                .build();
    }

    private static Cluster.TransportSocketMatch transportMatch(TransportMatch match) {
        return Cluster.TransportSocketMatch.newBuilder()
                .setName(match.name())
                .setMatch(transportMatchCriteria(match.name()))
                .setTransportSocket(TlsContexts.transportSocket(TlsContexts.upstream(match.tls())))
                .build();
    }

    private static OutlierDetection outlierDetection(UpstreamCluster.OutlierDetection od) {
        OutlierDetection.Builder b = OutlierDetection.newBuilder();
        ifSet(od.consecutive5xx(), v -> b.setConsecutive5Xx(uint32(v)));
        ifSet(od.interval(), v -> b.setInterval(duration(v)));
        ifSet(od.baseEjectionTime(), v -> b.setBaseEjectionTime(duration(v)));
        ifSet(od.maxEjectionPercent(), v -> b.setMaxEjectionPercent(uint32(v)));
        ifSet(od.enforcingConsecutive5xx(), v -> b.setEnforcingConsecutive5Xx(uint32(v)));
        ifSet(od.enforcingSuccessRate(), v -> b.setEnforcingSuccessRate(uint32(v)));
        ifSet(od.successRateMinimumHosts(), v -> b.setSuccessRateMinimumHosts(uint32(v)));
        ifSet(od.successRateRequestVolume(), v -> b.setSuccessRateRequestVolume(uint32(v)));
        ifSet(od.successRateStdevFactor(), v -> b.setSuccessRateStdevFactor(uint32(v)));
        ifSet(od.consecutiveGatewayFailure(), v -> b.setConsecutiveGatewayFailure(uint32(v)));
        ifSet(od.enforcingConsecutiveGatewayFailure(), v -> b.setEnforcingConsecutiveGatewayFailure(uint32(v)));
        b.setSplitExternalLocalOriginErrors(od.splitExternalLocalOriginErrors());
        ifSet(od.consecutiveLocalOriginFailure(), v -> b.setConsecutiveLocalOriginFailure(uint32(v)));
        ifSet(od.enforcingConsecutiveLocalOriginFailure(), v -> b.setEnforcingConsecutiveLocalOriginFailure(uint32(v)));
        ifSet(od.enforcingLocalOriginSuccessRate(), v -> b.setEnforcingLocalOriginSuccessRate(uint32(v)));
        return b.build();
    }

    private static CircuitBreakers circuitBreakers(UpstreamCluster.CircuitBreakers cb) {
        CircuitBreakers.Thresholds.Builder t =
                CircuitBreakers.Thresholds.newBuilder().setPriority(RoutingPriority.DEFAULT);
        ifSet(cb.maxConnections(), v -> t.setMaxConnections(uint32(v)));
        ifSet(cb.maxPendingRequests(), v -> t.setMaxPendingRequests(uint32(v)));
        ifSet(cb.maxRequests(), v -> t.setMaxRequests(uint32(v)));
        ifSet(cb.maxRetries(), v -> t.setMaxRetries(uint32(v)));
        return CircuitBreakers.newBuilder().addThresholds(t).build();
    }

    private static <T> void ifSet(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
