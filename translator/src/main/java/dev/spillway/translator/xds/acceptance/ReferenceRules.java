package dev.spillway.translator.xds.acceptance;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** References from routes and TCP proxies to clusters, which must be among the clusters served. */
final class ReferenceRules {
    static final String SNI_CLUSTER = "envoy.filters.network.sni_cluster";
    static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";

    private ReferenceRules() {}

    /**
     * With {@code validate_clusters} Envoy rejects the route configuration ("route: unknown cluster",
     * RouteEntryImplBase::validateClusters in source/common/router/config_impl.cc); without it, as over RDS,
     * it answers every matching request 503 (Filter::decodeHeaders in source/common/router/router.cc).
     */
    static List<Violation> routes(VirtualHost host, Set<String> clusters) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < host.getRoutesCount(); i++) {
            Route route = host.getRoutes(i);
            String path = "routes[" + i + "].route";
            if (route.getRoute().hasWeightedClusters()) {
                var weighted = route.getRoute().getWeightedClusters().getClustersList();
                for (int j = 0; j < weighted.size(); j++) {
                    missing(
                            weighted.get(j).getName(),
                            path + ".weighted_clusters.clusters[" + j + "].name",
                            clusters,
                            violations);
                }
            } else if (route.hasRoute()) {
                missing(route.getRoute().getCluster(), path + ".cluster", clusters, violations);
            }
        }
        return violations;
    }

    private static void missing(String cluster, String path, Set<String> clusters, List<Violation> into) {
        if (!clusters.contains(cluster)) {
            into.add(Violation.of(
                    path,
                    "cluster " + cluster + " is not served: requests would get 503",
                    "config_impl.cc RouteEntryImplBase::validateClusters, router.cc Filter::decodeHeaders"));
        }
    }

    /**
     * TcpProxy's Filter::initializeUpstreamConnection (source/common/tcp_proxy/tcp_proxy.cc) closes the
     * connection when its cluster does not exist. A tcp_proxy after sni_cluster names no cluster on purpose:
     * sni_cluster sets it per connection from the SNI (SniClusterFilter::onNewConnection).
     */
    static List<Violation> tcpProxy(FilterChain chain, Set<String> clusters) {
        boolean sniCluster = false;
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < chain.getFiltersCount(); i++) {
            Filter filter = chain.getFilters(i);
            if (filter.getName().equals(SNI_CLUSTER)) {
                sniCluster = true;
            } else if (filter.getName().equals(TCP_PROXY)
                    && filter.getTypedConfig().is(TcpProxy.class)) {
                TcpProxy proxy = proxy(filter);
                if (proxy.hasWeightedClusters()) {
                    var weighted = proxy.getWeightedClusters().getClustersList();
                    for (int j = 0; j < weighted.size(); j++) {
                        tcpMissing(
                                weighted.get(j).getName(),
                                "filters[" + i + "].typed_config.weighted_clusters.clusters[" + j + "].name",
                                clusters,
                                violations);
                    }
                    continue;
                }
                String cluster = proxy.getCluster();
                if (cluster.isEmpty() && sniCluster) {
                    continue;
                }
                tcpMissing(cluster, "filters[" + i + "].typed_config.cluster", clusters, violations);
            }
        }
        return violations;
    }

    private static void tcpMissing(String cluster, String path, Set<String> clusters, List<Violation> into) {
        if (!clusters.contains(cluster)) {
            into.add(Violation.of(
                    path,
                    "cluster \"" + cluster + "\" is not served: every connection would be closed",
                    "tcp_proxy.cc Filter::initializeUpstreamConnection"));
        }
    }

    private static TcpProxy proxy(Filter filter) {
        try {
            return filter.getTypedConfig().unpack(TcpProxy.class);
        } catch (InvalidProtocolBufferException e) {
            return TcpProxy.getDefaultInstance();
        }
    }
}
