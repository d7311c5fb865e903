package dev.spillway.translator.xds.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.http.grpc_web.v3.GrpcWeb;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules Envoy's code applies to one resource on its own, each with the case it rejects. */
class ResourceRulesTest {
    private static final HealthCheck HTTP_CHECK = HealthCheck.newBuilder()
            .setHttpHealthCheck(HealthCheck.HttpHealthCheck.newBuilder().setPath("/health"))
            .build();
    private static final HealthCheck GRPC_CHECK = HealthCheck.newBuilder()
            .setGrpcHealthCheck(HealthCheck.GrpcHealthCheck.getDefaultInstance())
            .build();

    @Test
    void aClusterHasAtMostOneHealthCheck() {
        assertThat(paths(Cluster.newBuilder()
                        .setName("c")
                        .addHealthChecks(HTTP_CHECK)
                        .build()))
                .isEmpty();
        assertThat(EnvoyAcceptance.check(Cluster.newBuilder()
                        .setName("c")
                        .addHealthChecks(HTTP_CHECK)
                        .addHealthChecks(HTTP_CHECK)
                        .build()))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.path()).isEqualTo("health_checks");
                    assertThat(v.message()).contains("one health check per cluster", "cluster_manager_impl.cc");
                });
    }

    @Test
    void aGrpcHealthCheckNeedsAnHttp2Cluster() {
        Cluster http1 =
                Cluster.newBuilder().setName("c").addHealthChecks(GRPC_CHECK).build();
        Cluster http2 = http1.toBuilder()
                .putTypedExtensionProtocolOptions(
                        HealthCheckRules.HTTP_PROTOCOL_OPTIONS,
                        Any.pack(HttpProtocolOptions.newBuilder()
                                .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
                                        .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
                                .build()))
                .build();

        assertThat(paths(http1)).containsExactly("health_checks[0].grpc_health_check");
        assertThat(paths(http2)).isEmpty();
    }

    @Test
    void aLogicalDnsClusterHasExactlyOneEndpoint() {
        Cluster two = Cluster.newBuilder()
                .setName("c")
                .setType(Cluster.DiscoveryType.LOGICAL_DNS)
                .setLoadAssignment(cla(List.of(endpoints(0, "a.example.com", "b.example.com"))))
                .build();
        Cluster one = two.toBuilder()
                .setLoadAssignment(cla(List.of(endpoints(0, "a.example.com"))))
                .build();

        assertThat(paths(two)).containsExactly("load_assignment.endpoints");
        assertThat(paths(one)).isEmpty();
    }

    @Test
    void edsEndpointsAreIpAddresses() {
        assertThat(paths(cla(List.of(endpoints(0, "10.0.0.1", "fd00::1"))))).isEmpty();
        assertThat(paths(cla(List.of(endpoints(0, "10.0.0.1", "billing.example.com")))))
                .containsExactly("endpoints[0].lb_endpoints[1].endpoint.address.socket_address.address");
    }

    @Test
    void anAddressAppearsOnceAcrossAllPriorities() {
        ClusterLoadAssignment twice =
                cla(List.of(endpoints(0, "10.0.0.1"), endpoints(1, "34.1.2.3"), endpoints(2, "34.1.2.3")));

        assertThat(EnvoyAcceptance.check(twice)).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("endpoints[2].lb_endpoints[0].endpoint.address.socket_address");
            assertThat(v.message()).contains("34.1.2.3:15443 is already endpoints[1].lb_endpoints[0]", "eds.cc");
        });
    }

    @Test
    void listenersBindToIpAddresses() {
        assertThat(paths(listener("0.0.0.0", chain()))).isEmpty();
        assertThat(paths(listener("gateway.internal", chain()))).containsExactly("address.socket_address.address");
    }

    @Test
    void aListenerHasFilterChains() {
        assertThat(paths(listener("::"))).containsExactly("filter_chains");
    }

    @Test
    void twoFilterChainsNeverMatchTheSameConnection() {
        assertThat(paths(listener("::", chain(), chain()))).containsExactly("filter_chains[1].filter_chain_match");
        assertThat(paths(listener("::", chain("a.example.com"), chain("b.example.com"))))
                .isEmpty();
        assertThat(paths(listener("::", chain("a.example.com", "b.example.com"), chain("B.example.com"))))
                .containsExactly("filter_chains[1].filter_chain_match.server_names");
        assertThat(paths(listener("::", chain(), chain("b.example.com")))).isEmpty();
    }

    @Test
    void serverNameWildcardsAreLeadingOnly() {
        assertThat(paths(listener("::", chain("*.example.com")))).isEmpty();
        assertThat(paths(listener("::", chain("api.*.com"))))
                .containsExactly("filter_chains[0].filter_chain_match.server_names[0]");
        assertThat(paths(listener("::", chain("*api.example.com"))))
                .containsExactly("filter_chains[0].filter_chain_match.server_names[0]");
    }

    @Test
    void domainWildcardsAreWholeLeadingOrTrailing() {
        assertThat(paths(host("h", "*"))).isEmpty();
        assertThat(paths(host("h", "*.example.com", "www.example.*", "*-suffix.example.com")))
                .isEmpty();
        assertThat(paths(host("h", "api.*.example.com", "**"))).containsExactly("domains[0]", "domains[1]");
    }

    @Test
    void weightedClustersWeighMoreThanNothing() {
        VirtualHost zero = host("h", "*").toBuilder()
                .addRoutes(Route.newBuilder()
                        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                        .setRoute(RouteAction.newBuilder()
                                .setWeightedClusters(WeightedCluster.newBuilder()
                                        .addClusters(WeightedCluster.ClusterWeight.newBuilder()
                                                .setName("a")
                                                .setWeight(com.google.protobuf.UInt32Value.of(0))))))
                .build();

        assertThat(paths(zero)).containsExactly("routes[0].route.weighted_clusters");
    }

    @Test
    void weightedClustersWeighNoMoreThanAUint32() {
        WeightedCluster.Builder heavy = WeightedCluster.newBuilder();
        for (String name : List.of("a", "b", "c")) {
            heavy.addClusters(WeightedCluster.ClusterWeight.newBuilder()
                    .setName(name)
                    .setWeight(com.google.protobuf.UInt32Value.of(Integer.MAX_VALUE)));
        }
        VirtualHost overflowing = host("h", "*").toBuilder()
                .addRoutes(Route.newBuilder()
                        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                        .setRoute(RouteAction.newBuilder().setWeightedClusters(heavy)))
                .build();

        assertThat(paths(overflowing)).containsExactly("routes[0].route.weighted_clusters");
    }

    @Test
    void regexesCompileWithRe2NotJavaRegex() {
        // Both compile with java.util.regex; RE2 has no lookaround and no backreferences.
        java.util.regex.Pattern.compile("^/(?!admin).*");
        java.util.regex.Pattern.compile("^/(a)\\1$");

        assertThat(paths(regexRoute("^/(?!admin).*"))).containsExactly("routes[0].match.safe_regex.regex");
        assertThat(paths(regexRoute("^/(a)\\1$"))).containsExactly("routes[0].match.safe_regex.regex");
        assertThat(paths(regexRoute("^/api/v[0-9]+/.*"))).isEmpty();
    }

    @Test
    void regexesFitEnvoysDefaultProgramSize() {
        assertThat(EnvoyAcceptance.check(regexRoute("^/(" + "[a-z]{1,9}/".repeat(12) + ")$")))
                .singleElement()
                .satisfies(v -> assertThat(v.message()).contains("over Envoy's default maximum of 100"));
        assertThat(paths(regexRoute("^/(get|put|post)/[a-z]+$"))).isEmpty();
    }

    private static List<String> paths(com.google.protobuf.MessageOrBuilder resource) {
        return EnvoyAcceptance.check(resource).stream().map(Violation::path).toList();
    }

    static ClusterLoadAssignment cla(List<LocalityLbEndpoints> localities) {
        return ClusterLoadAssignment.newBuilder()
                .setClusterName("c")
                .addAllEndpoints(localities)
                .build();
    }

    static LocalityLbEndpoints endpoints(int priority, String... addresses) {
        LocalityLbEndpoints.Builder b = LocalityLbEndpoints.newBuilder().setPriority(priority);
        for (String a : addresses) {
            b.addLbEndpoints(
                    LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder().setAddress(address(a, 15443))));
        }
        return b.build();
    }

    private static Address address(String address, int port) {
        return Address.newBuilder()
                .setSocketAddress(SocketAddress.newBuilder().setAddress(address).setPortValue(port))
                .build();
    }

    @Test
    void theRouterIsTheLastHttpFilterAndUpgradeTypesAreUnique() {
        HttpFilter router = HttpFilter.newBuilder()
                .setName("envoy.filters.http.router")
                .setTypedConfig(Any.pack(Router.getDefaultInstance()))
                .build();
        HttpFilter grpcWeb = HttpFilter.newBuilder()
                .setName("envoy.filters.http.grpc_web")
                .setTypedConfig(Any.pack(GrpcWeb.getDefaultInstance()))
                .build();
        HttpConnectionManager good = HttpConnectionManager.newBuilder()
                .addHttpFilters(grpcWeb)
                .addHttpFilters(router)
                .addUpgradeConfigs(
                        HttpConnectionManager.UpgradeConfig.newBuilder().setUpgradeType("websocket"))
                .build();
        HttpConnectionManager bad = good.toBuilder()
                .clearHttpFilters()
                .addHttpFilters(router)
                .addHttpFilters(grpcWeb)
                .addUpgradeConfigs(
                        HttpConnectionManager.UpgradeConfig.newBuilder().setUpgradeType("WebSocket"))
                .build();

        assertThat(paths(hcmListener(good))).isEmpty();
        assertThat(paths(hcmListener(bad)))
                .containsExactly(
                        "filter_chains[0].filters[0].typed_config.http_filters[0]",
                        "filter_chains[0].filters[0].typed_config.http_filters[1]",
                        "filter_chains[0].filters[0].typed_config.upgrade_configs[1]");
    }

    private static Listener hcmListener(HttpConnectionManager hcm) {
        return listener(
                "::",
                FilterChain.newBuilder()
                        .addFilters(io.envoyproxy.envoy.config.listener.v3.Filter.newBuilder()
                                .setName("envoy.filters.network.http_connection_manager")
                                .setTypedConfig(Any.pack(hcm)))
                        .build());
    }

    static Listener listener(String address, FilterChain... chains) {
        return Listener.newBuilder()
                .setName("l")
                .setAddress(address(address, 8443))
                .addAllFilterChains(List.of(chains))
                .build();
    }

    static FilterChain chain(String... serverNames) {
        return FilterChain.newBuilder()
                .setFilterChainMatch(FilterChainMatch.newBuilder().addAllServerNames(List.of(serverNames)))
                .build();
    }

    static VirtualHost host(String name, String... domains) {
        return VirtualHost.newBuilder()
                .setName(name)
                .addAllDomains(List.of(domains))
                .build();
    }

    private static VirtualHost regexRoute(String regex) {
        return host("h", "*").toBuilder()
                .addRoutes(Route.newBuilder()
                        .setMatch(RouteMatch.newBuilder()
                                .setSafeRegex(RegexMatcher.newBuilder().setRegex(regex)))
                        .setRoute(RouteAction.newBuilder().setCluster("c")))
                .build();
    }
}
