package dev.spillway.translator.xds;

import dev.spillway.translator.model.HttpListener;
import dev.spillway.translator.model.RoutePolicy;
import dev.spillway.translator.model.VirtualHost.WeightedCluster;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;
import java.util.Set;

/** The RouteConfiguration of each HTTP listener: a virtual host per VirtualService, routes in order. */
final class Routes {
    private Routes() {}

    /** A listener's route configuration holding the given (already built) virtual hosts. */
    static RouteConfiguration routeConfiguration(HttpListener listener, List<VirtualHost> virtualHosts) {
        return RouteConfiguration.newBuilder()
                .setName(listener.routeConfigName())
                .addAllVirtualHosts(virtualHosts)
                .build();
    }

    /**
     * @param running the per-route filters its connection manager runs: configs for any other are left out
     */
    static VirtualHost virtualHost(dev.spillway.translator.model.VirtualHost host, Set<RouteFilter> running) {
        VirtualHost.Builder b = VirtualHost.newBuilder().setName(host.name()).addAllDomains(host.domains());
        host.routes().forEach(r -> b.addRoutes(route(r, running)));
        b.putAllTypedPerFilterConfig(PerRouteFilters.virtualHost(host.cors(), running));
        if (host.retry() != null) {
            b.setRetryPolicy(RoutePolicies.retry(host.retry()));
        }
        RoutePolicy.HeaderRules headers = host.headers();
        if (headers != null) {
            b.addAllRequestHeadersToAdd(RoutePolicies.add(headers.requestAdd()))
                    .addAllRequestHeadersToRemove(headers.requestRemove())
                    .addAllResponseHeadersToAdd(RoutePolicies.add(headers.responseAdd()))
                    .addAllResponseHeadersToRemove(headers.responseRemove());
        }
        return b.build();
    }

    private static Route route(dev.spillway.translator.model.VirtualHost.Route route, Set<RouteFilter> running) {
        Route.Builder b = Route.newBuilder().setName(route.name()).setMatch(RouteMatches.of(route.matcher()));
        if (route.redirect() != null) {
            b.setRedirect(redirect(route.redirect()));
        } else if (route.directResponse() != null) {
            b.setDirectResponse(directResponse(route.directResponse()));
        } else {
            b.setRoute(RoutePolicies.apply(route.policy(), action(route)));
            b.putAllTypedPerFilterConfig(PerRouteFilters.route(route.policy(), running));
        }
        // Gloo's headers plugin sets them on the route whatever its action (headers/plugin.go ProcessRoute).
        RoutePolicy.HeaderRules headers = route.policy().headers();
        if (headers != null) {
            b.addAllRequestHeadersToAdd(RoutePolicies.add(headers.requestAdd()))
                    .addAllRequestHeadersToRemove(headers.requestRemove())
                    .addAllResponseHeadersToAdd(RoutePolicies.add(headers.responseAdd()))
                    .addAllResponseHeadersToRemove(headers.responseRemove());
        }
        return b.build();
    }

    /** Gloo's setAction for a RedirectAction (route_config.go): the response code enum matches Envoy's. */
    private static RedirectAction redirect(RoutePolicy.Redirect redirect) {
        RedirectAction.Builder b = RedirectAction.newBuilder()
                .setHostRedirect(redirect.host())
                .setResponseCode(responseCode(redirect.status()))
                .setStripQuery(redirect.stripQuery());
        if (redirect.https()) {
            b.setHttpsRedirect(true);
        }
        if (redirect.path() != null) {
            b.setPathRedirect(redirect.path());
        } else if (redirect.prefixRewrite() != null) {
            b.setPrefixRewrite(redirect.prefixRewrite());
        }
        return b.build();
    }

    private static RedirectAction.RedirectResponseCode responseCode(int status) {
        return switch (status) {
            case 302 -> RedirectAction.RedirectResponseCode.FOUND;
            case 303 -> RedirectAction.RedirectResponseCode.SEE_OTHER;
            case 307 -> RedirectAction.RedirectResponseCode.TEMPORARY_REDIRECT;
            case 308 -> RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT;
            default -> RedirectAction.RedirectResponseCode.MOVED_PERMANENTLY;
        };
    }

    /** Gloo's setAction for a DirectResponseAction: the body inline, none when empty (route_config.go). */
    private static DirectResponseAction directResponse(RoutePolicy.DirectResponse direct) {
        DirectResponseAction.Builder b = DirectResponseAction.newBuilder().setStatus(direct.status());
        if (!direct.body().isEmpty()) {
            b.setBody(DataSource.newBuilder().setInlineString(direct.body()));
        }
        return b.build();
    }

    private static RouteAction.Builder action(dev.spillway.translator.model.VirtualHost.Route route) {
        if (!route.weighted()) {
            return RouteAction.newBuilder()
                    .setCluster(route.destinations().get(0).cluster());
        }
        // total_weight is deprecated: Envoy sums the weights itself.
        io.envoyproxy.envoy.config.route.v3.WeightedCluster.Builder weighted =
                io.envoyproxy.envoy.config.route.v3.WeightedCluster.newBuilder();
        for (WeightedCluster destination : route.destinations()) {
            weighted.addClusters(io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight.newBuilder()
                    .setName(destination.cluster())
                    .setWeight(Protos.uint32(destination.weight())));
        }
        return RouteAction.newBuilder().setWeightedClusters(weighted);
    }
}
