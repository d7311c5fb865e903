package dev.spillway.translator.xds.pgv;

import com.google.protobuf.Any;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;

/** Small, valid Envoy resources that tests break one field at a time. */
final class EnvoyFixtures {
    static final TypeRegistry TYPES = TypeRegistry.newBuilder()
            .add(HttpConnectionManager.getDescriptor())
            .add(Router.getDescriptor())
            .build();

    private EnvoyFixtures() {}

    static PgvChecker checker() {
        return new PgvChecker(TYPES);
    }

    static SocketAddress.Builder socket(int port) {
        return SocketAddress.newBuilder().setAddress("10.0.0.1").setPortValue(port);
    }

    static ClusterLoadAssignment.Builder loadAssignment(int... ports) {
        LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
        for (int port : ports) {
            locality.addLbEndpoints(LbEndpoint.newBuilder()
                    .setEndpoint(Endpoint.newBuilder()
                            .setAddress(Address.newBuilder().setSocketAddress(socket(port)))));
        }
        return ClusterLoadAssignment.newBuilder().setClusterName("backend").addEndpoints(locality);
    }

    static HealthCheck.Builder healthCheck() {
        return HealthCheck.newBuilder()
                .setTimeout(Durations.fromSeconds(1))
                .setInterval(Durations.fromSeconds(5))
                .setUnhealthyThreshold(UInt32Value.of(3))
                .setHealthyThreshold(UInt32Value.of(1))
                .setHttpHealthCheck(HealthCheck.HttpHealthCheck.newBuilder()
                        .setHost("backend")
                        .setPath("/healthz"));
    }

    static Cluster.Builder cluster() {
        return Cluster.newBuilder()
                .setName("backend")
                .setType(Cluster.DiscoveryType.STATIC)
                .setConnectTimeout(Durations.fromMillis(250))
                .setLoadAssignment(loadAssignment(8080, 8081))
                .addHealthChecks(healthCheck());
    }

    static HttpConnectionManager.Builder connectionManager() {
        Route route = Route.newBuilder()
                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                .setRoute(RouteAction.newBuilder().setCluster("backend"))
                .build();
        VirtualHost host = VirtualHost.newBuilder()
                .setName("all")
                .addDomains("*")
                .addRoutes(route)
                .build();
        return HttpConnectionManager.newBuilder()
                .setStatPrefix("ingress_http")
                .setRouteConfig(RouteConfiguration.newBuilder().setName("local").addVirtualHosts(host))
                .addHttpFilters(HttpFilter.newBuilder()
                        .setName("envoy.filters.http.router")
                        .setTypedConfig(Any.pack(Router.getDefaultInstance())));
    }

    static Listener listener(Any networkFilterConfig) {
        return Listener.newBuilder()
                .setName("ingress")
                .setAddress(Address.newBuilder().setSocketAddress(socket(10000).setAddress("0.0.0.0")))
                .addFilterChains(FilterChain.newBuilder()
                        .addFilters(Filter.newBuilder()
                                .setName("envoy.filters.network.http_connection_manager")
                                .setTypedConfig(networkFilterConfig)))
                .build();
    }
}
