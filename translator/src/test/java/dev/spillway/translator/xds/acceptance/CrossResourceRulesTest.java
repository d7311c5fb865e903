package dev.spillway.translator.xds.acceptance;

import static dev.spillway.translator.xds.acceptance.ResourceRulesTest.chain;
import static dev.spillway.translator.xds.acceptance.ResourceRulesTest.host;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.sni_cluster.v3.SniCluster;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules Envoy applies across the resources it holds: domains in a route table, references, names. */
class CrossResourceRulesTest {

    @Test
    void domainsAreUniqueIgnoringCaseWithinARouteConfiguration() {
        List<VirtualHost> accepted = List.of(host("a", "shop.example.com"));

        assertThat(EnvoyAcceptance.domainClashes(accepted, host("b", "Shop.Example.com"), "rc"))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.path()).isEqualTo("domains[0]");
                    assertThat(v.message()).contains("virtual host a", "ignoring case", "RouteMatcher::RouteMatcher");
                });
        assertThat(EnvoyAcceptance.domainClashes(accepted, host("b", "api.example.com"), "rc"))
                .isEmpty();
        assertThat(EnvoyAcceptance.domainClashes(List.of(), host("b", "x.example.com", "X.example.com"), "rc"))
                .extracting(Violation::path)
                .containsExactly("domains[1]");
    }

    @Test
    void oneDefaultVirtualHostPerRouteConfiguration() {
        assertThat(EnvoyAcceptance.domainClashes(List.of(host("a", "*")), host("b", "*"), "rc"))
                .singleElement()
                .satisfies(v -> assertThat(v.message()).contains("only one virtual host may be the default"));
        assertThat(EnvoyAcceptance.domainClashes(List.of(host("a", "*.example.com")), host("b", "*.example.com"), "rc"))
                .hasSize(1);
    }

    @Test
    void routesNameServedClusters() {
        VirtualHost host = host("h", "*").toBuilder()
                .addRoutes(route(RouteAction.newBuilder().setCluster("blue")))
                .addRoutes(route(RouteAction.newBuilder()
                        .setWeightedClusters(WeightedCluster.newBuilder()
                                .addClusters(WeightedCluster.ClusterWeight.newBuilder()
                                        .setName("blue"))
                                .addClusters(WeightedCluster.ClusterWeight.newBuilder()
                                        .setName("gone")))))
                .build();

        assertThat(EnvoyAcceptance.routeReferences(host, Set.of("blue", "gone")))
                .isEmpty();
        assertThat(EnvoyAcceptance.routeReferences(host, Set.of("blue")))
                .extracting(Violation::path)
                .containsExactly("routes[1].route.weighted_clusters.clusters[1].name");
        assertThat(EnvoyAcceptance.routeReferences(host, Set.of("gone")))
                .extracting(Violation::path)
                .containsExactly("routes[0].route.cluster", "routes[1].route.weighted_clusters.clusters[0].name");
    }

    @Test
    void aTcpProxyNamesAServedClusterUnlessSniClusterPicksIt() {
        FilterChain single =
                chain("a.example.com").toBuilder().addFilters(tcpProxy("blue")).build();
        FilterChain bySni = chain("b.example.com").toBuilder()
                .addFilters(Filter.newBuilder()
                        .setName(ReferenceRules.SNI_CLUSTER)
                        .setTypedConfig(Any.pack(SniCluster.getDefaultInstance())))
                .addFilters(tcpProxy(""))
                .build();
        FilterChain emptyWithoutSni =
                chain("c.example.com").toBuilder().addFilters(tcpProxy("")).build();

        assertThat(EnvoyAcceptance.tcpProxyReferences(single, Set.of("blue"))).isEmpty();
        assertThat(EnvoyAcceptance.tcpProxyReferences(single, Set.of()))
                .extracting(Violation::path)
                .containsExactly("filters[0].typed_config.cluster");
        assertThat(EnvoyAcceptance.tcpProxyReferences(bySni, Set.of())).isEmpty();
        assertThat(EnvoyAcceptance.tcpProxyReferences(emptyWithoutSni, Set.of()))
                .hasSize(1);
    }

    @Test
    void secretNamesAreUnique() {
        Secret a = Secret.newBuilder().setName("gloo-system_x-cacert").build();
        Secret b = Secret.newBuilder().setName("gloo-system_x").build();

        assertThat(EnvoyAcceptance.secretNames(List.of(a, b))).isEmpty();
        assertThat(EnvoyAcceptance.secretNames(List.of(a, b, a)))
                .extracting(Violation::path)
                .containsExactly("[2].name");
    }

    private static Route route(RouteAction.Builder action) {
        return Route.newBuilder()
                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                .setRoute(action)
                .build();
    }

    private static Filter tcpProxy(String cluster) {
        return Filter.newBuilder()
                .setName(ReferenceRules.TCP_PROXY)
                .setTypedConfig(Any.pack(TcpProxy.newBuilder()
                        .setStatPrefix("tcp")
                        .setCluster(cluster)
                        .build()))
                .build();
    }
}
