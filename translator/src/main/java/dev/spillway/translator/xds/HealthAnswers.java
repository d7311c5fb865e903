package dev.spillway.translator.xds;

import dev.spillway.translator.model.TcpListener;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.health_check.v3.HealthCheck;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.Percent;

/**
 * A failover gateway's filter chain that answers health checks for one target as a whole: an HTTP connection
 * manager whose health check filter, not in pass-through mode, takes every request and answers 200 while at
 * least the given share of the target cluster's hosts are healthy, else 503 (503 too when the cluster is
 * unknown or empty; HealthCheckFilter::onComplete, source/extensions/filters/http/health_check/health_check.cc).
 * Nothing reaches the router, so the route configuration is empty.
 */
final class HealthAnswers {
    static final String HEALTH_CHECK = "envoy.filters.http.health_check";
    /** The path the checks ask for; the filter answers any. */
    static final String PATH = "/";

    private HealthAnswers() {}

    static Filter connectionManager(String chainName, TcpListener.HealthAnswer answer) {
        HealthCheck filter = HealthCheck.newBuilder()
                .setPassThroughMode(Protos.bool(false))
                .addHeaders(HeaderMatcher.newBuilder()
                        .setName(":path")
                        .setStringMatch(StringMatcher.newBuilder().setPrefix(PATH)))
                .putClusterMinHealthyPercentages(
                        answer.cluster(),
                        Percent.newBuilder()
                                .setValue(answer.minHealthyPercentage())
                                .build())
                .build();
        HttpConnectionManager hcm = HttpConnectionManager.newBuilder()
                .setStatPrefix("failover_health")
                .setCodecType(HttpConnectionManager.CodecType.AUTO)
                .setRouteConfig(RouteConfiguration.newBuilder().setName(chainName))
                .addHttpFilters(HttpFilter.newBuilder().setName(HEALTH_CHECK).setTypedConfig(Protos.any(filter)))
                .addHttpFilters(HttpFilter.newBuilder()
                        .setName(Listeners.ROUTER)
                        .setTypedConfig(Protos.any(Router.getDefaultInstance())))
                .build();
        return Filter.newBuilder()
                .setName(Listeners.HTTP_CONNECTION_MANAGER)
                .setTypedConfig(Protos.any(hcm))
                .build();
    }
}
