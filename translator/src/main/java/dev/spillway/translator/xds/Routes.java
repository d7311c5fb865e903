package dev.spillway.translator.xds;

import dev.spillway.translator.model.HttpListener;
import dev.spillway.translator.model.VirtualHost.WeightedCluster;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;

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

    static VirtualHost virtualHost(dev.spillway.translator.model.VirtualHost host) {
        VirtualHost.Builder b = VirtualHost.newBuilder().setName(host.name()).addAllDomains(host.domains());
        host.routes().forEach(r -> b.addRoutes(route(r)));
        return b.build();
    }

    private static Route route(dev.spillway.translator.model.VirtualHost.Route route) {
        return Route.newBuilder()
                .setMatch(RouteMatches.of(route.matcher()))
                .setRoute(action(route))
                .build();
    }

    private static RouteAction action(dev.spillway.translator.model.VirtualHost.Route route) {
        if (!route.weighted()) {
            return RouteAction.newBuilder()
                    .setCluster(route.destinations().get(0).cluster())
                    .build();
        }
        // total_weight is deprecated: Envoy sums the weights itself.
        io.envoyproxy.envoy.config.route.v3.WeightedCluster.Builder weighted =
                io.envoyproxy.envoy.config.route.v3.WeightedCluster.newBuilder();
        for (WeightedCluster destination : route.destinations()) {
            weighted.addClusters(io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight.newBuilder()
                    .setName(destination.cluster())
                    .setWeight(Protos.uint32(destination.weight())));
        }
        return RouteAction.newBuilder().setWeightedClusters(weighted).build();
    }
}
