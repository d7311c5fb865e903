package dev.spillway.translator.resolve;

import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import dev.spillway.api.model.VirtualService.Destination;
import dev.spillway.translator.model.RoutePolicy;
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
        String hostName = Names.virtualHost(vs.meta().ref());
        List<VirtualHost.Route> routes = new ArrayList<>();
        for (int i = 0; i < vs.routes().size(); i++) {
            VirtualService.Route route = vs.routes().get(i);
            List<WeightedCluster> destinations =
                    route.action() == null ? List.of() : destinations(vs, i, route, cluster, book);
            boolean weighted = route.action() != null && route.action().weighted();
            RoutePolicy policy = RoutePolicies.of(route.options());
            RoutePolicy.Redirect redirect = RoutePolicies.redirect(route.redirect());
            RoutePolicy.DirectResponse direct = RoutePolicies.directResponse(route.directResponse());
            // Gloo's initRoutes (projects/gloo/pkg/translator/route_config.go): a route without matchers
            // matches prefix "/" and is left unnamed; otherwise each matcher j of route i is named
            // <virtual host>-route-<i>[-<route name>]-matcher-<j>.
            if (route.matchers().isEmpty()) {
                routes.add(
                        new VirtualHost.Route("", DEFAULT_MATCHER, destinations, weighted, policy, redirect, direct));
            }
            for (int j = 0; j < route.matchers().size(); j++) {
                routes.add(new VirtualHost.Route(
                        Names.route(hostName, i, route.name(), j),
                        matcher(route.matchers().get(j)),
                        destinations,
                        weighted,
                        policy,
                        redirect,
                        direct));
            }
        }
        if (book.rejected(vs.key())) {
            return null;
        }
        return new VirtualHost(
                hostName,
                vs.domains(),
                routes,
                vs.key(),
                RoutePolicies.retry(vs.options().retries()),
                RoutePolicies.headers(vs.options().headers()),
                RoutePolicies.cors(vs.options().cors()));
    }

    /** What a route without matchers takes: every request, as in Gloo. */
    private static final VirtualHost.Matcher DEFAULT_MATCHER =
            new VirtualHost.Matcher(VirtualHost.PathKind.PREFIX, "/", List.of(), List.of());

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
            if (upstream == null && !cluster.unreadableUpstreams.contains(ref)) {
                book.error(vs.key(), field, "Upstream " + ref + " not found on cluster " + cluster.name);
            } else if (upstream == null || book.rejected(upstream.key())) {
                book.error(vs.key(), field, "Upstream " + ref + " is rejected");
            } else {
                out.add(new WeightedCluster(Names.cluster(ref), d.weight()));
            }
        }
        return out;
    }
}
