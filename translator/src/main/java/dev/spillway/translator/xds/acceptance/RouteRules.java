package dev.spillway.translator.xds.acceptance;

import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.List;

/** What Envoy's route table builder demands of one virtual host's routes. */
final class RouteRules {
    private RouteRules() {}

    static List<Violation> check(VirtualHost host) {
        List<Violation> violations = new ArrayList<>(DomainRules.wildcards(host));
        for (int i = 0; i < host.getRoutesCount(); i++) {
            Route route = host.getRoutes(i);
            if (route.getRoute().hasWeightedClusters()) {
                long total = route.getRoute().getWeightedClusters().getClustersList().stream()
                        .mapToLong(c -> c.getWeight().getValue())
                        .sum();
                // WeightedClusterSpecifierPlugin / RouteEntryImplBase (source/common/router/config_impl.cc):
                // "Sum of weights in the weighted_cluster must be greater than 0."
                if (total == 0) {
                    violations.add(Violation.of(
                            "routes[" + i + "].route.weighted_clusters",
                            "weights add up to 0: Envoy rejects the route configuration",
                            "config_impl.cc RouteEntryImplBase::RouteEntryImplBase"));
                } else if (total > 0xFFFF_FFFFL) {
                    violations.add(Violation.of(
                            "routes[" + i + "].route.weighted_clusters",
                            "weights add up to " + total
                                    + ", more than a uint32: Envoy rejects the route configuration",
                            "weighted_cluster_specifier.cc WeightedClusterSpecifierPlugin"));
                }
            }
        }
        return violations;
    }
}
