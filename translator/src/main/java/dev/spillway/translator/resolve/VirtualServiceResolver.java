package dev.spillway.translator.resolve;

import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import dev.spillway.api.model.VirtualService.Destination;
import dev.spillway.translator.model.VirtualHost;
import dev.spillway.translator.model.VirtualHost.WeightedCluster;
import java.util.ArrayList;
import java.util.List;

/** Binds a VirtualService's destinations to upstreams of its cluster; a dangling one rejects it. */
final class VirtualServiceResolver {
    private VirtualServiceResolver() {}

    /** The virtual host, or null when the VirtualService is rejected (the reason is in the book). */
    static VirtualHost resolve(VirtualService vs, ClusterResources cluster, StatusBook book) {
        book.seen(vs.key());
        RouteChecks.check(vs, book);
        List<VirtualHost.Route> routes = new ArrayList<>();
        for (int i = 0; i < vs.routes().size(); i++) {
            VirtualService.Route route = vs.routes().get(i);
            List<WeightedCluster> destinations = destinations(vs, i, route, cluster, book);
            for (VirtualService.Matcher matcher : route.matchers()) {
                routes.add(new VirtualHost.Route(
                        matcher(matcher), destinations, route.action().weighted()));
            }
        }
        if (book.rejected(vs.key())) {
            return null;
        }
        return new VirtualHost(Names.virtualHost(vs.meta().ref()), vs.domains(), routes, vs.key());
    }

    private static VirtualHost.Matcher matcher(VirtualService.Matcher m) {
        List<VirtualHost.HeaderMatcher> headers = m.headers().stream()
                .map(h -> new VirtualHost.HeaderMatcher(h.name(), h.value(), h.regex(), h.invertMatch()))
                .toList();
        VirtualHost.PathKind kind = switch (m.pathKind()) {
            case PREFIX -> VirtualHost.PathKind.PREFIX;
            case EXACT -> VirtualHost.PathKind.EXACT;
            case REGEX -> VirtualHost.PathKind.REGEX;
        };
        return new VirtualHost.Matcher(kind, m.path(), headers, m.methods());
    }

    private static List<WeightedCluster> destinations(
            VirtualService vs, int routeIndex, VirtualService.Route route, ClusterResources cluster, StatusBook book) {
        List<WeightedCluster> out = new ArrayList<>();
        List<Destination> destinations = route.action().destinations();
        for (int j = 0; j < destinations.size(); j++) {
            Destination d = destinations.get(j);
            String field = "spec.virtualHost.routes[" + routeIndex + "].routeAction."
                    + (route.action().weighted()
                            ? "multi.destinations[" + j + "].destination.upstream"
                            : "single.upstream");
            ResourceRef ref = d.upstream();
            Upstream upstream = cluster.upstreams.get(ref);
            if (upstream == null) {
                book.error(vs.key(), field, "Upstream " + ref + " not found on cluster " + cluster.name);
            } else if (book.rejected(upstream.key())) {
                book.error(vs.key(), field, "Upstream " + ref + " is rejected");
            } else {
                out.add(new WeightedCluster(Names.cluster(ref), d.weight()));
            }
        }
        return out;
    }
}
