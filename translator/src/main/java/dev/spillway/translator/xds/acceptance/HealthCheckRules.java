package dev.spillway.translator.xds.acceptance;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.ArrayList;
import java.util.List;

/** What Envoy's cluster manager demands of a cluster's active health checks. */
final class HealthCheckRules {
    static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    private HealthCheckRules() {}

    static List<Violation> check(Cluster cluster) {
        List<Violation> violations = new ArrayList<>();
        // ClusterManagerImpl::loadCluster (source/common/upstream/cluster_manager_impl.cc) throws
        // "Multiple health checks not supported" for more than one entry.
        if (cluster.getHealthChecksCount() > 1) {
            violations.add(Violation.of(
                    "health_checks",
                    "has " + cluster.getHealthChecksCount()
                            + " entries: Envoy supports one health check per cluster and rejects the cluster",
                    "cluster_manager_impl.cc ClusterManagerImpl::loadCluster"));
        }
        // HealthCheckerFactory::create (source/common/upstream/health_checker_impl.cc): "<cluster> cluster
        // must support HTTP/2 for gRPC healthchecking" unless the cluster's features include HTTP2, which
        // ClusterInfoImpl::HttpProtocolOptionsConfigImpl sets from explicit http2 (or auto) protocol options.
        for (int i = 0; i < cluster.getHealthChecksCount(); i++) {
            if (cluster.getHealthChecks(i).hasGrpcHealthCheck() && !speaksHttp2(cluster)) {
                violations.add(Violation.of(
                        "health_checks[" + i + "].grpc_health_check",
                        "needs a cluster that speaks HTTP/2 (typed_extension_protocol_options " + HTTP_PROTOCOL_OPTIONS
                                + " with http2_protocol_options)",
                        "health_checker_impl.cc HealthCheckerFactory::create"));
            }
        }
        return violations;
    }

    /** True when the cluster's upstream HTTP protocol options make it speak HTTP/2. */
    static boolean speaksHttp2(Cluster cluster) {
        var any = cluster.getTypedExtensionProtocolOptionsMap().get(HTTP_PROTOCOL_OPTIONS);
        if (any == null || !any.is(HttpProtocolOptions.class)) {
            return false;
        }
        try {
            HttpProtocolOptions options = any.unpack(HttpProtocolOptions.class);
            return options.getExplicitHttpConfig().hasHttp2ProtocolOptions()
                    || options.getAutoConfig().hasHttp2ProtocolOptions();
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }
}
