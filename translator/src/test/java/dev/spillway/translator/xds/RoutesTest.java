package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Fixtures.BLUE;
import static dev.spillway.translator.xds.Fixtures.GREEN;
import static dev.spillway.translator.xds.Fixtures.httpListener;
import static dev.spillway.translator.xds.Fixtures.matcher;
import static dev.spillway.translator.xds.Fixtures.prefixRoute;
import static dev.spillway.translator.xds.Fixtures.route;
import static dev.spillway.translator.xds.Fixtures.virtualHost;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UInt32Value;
import dev.spillway.translator.model.VirtualHost;
import dev.spillway.translator.model.VirtualHost.HeaderMatcher;
import dev.spillway.translator.model.VirtualHost.PathKind;
import dev.spillway.translator.model.VirtualHost.WeightedCluster;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutesTest {

    @Test
    void theGuidesRouteSendsEverythingToBlue() {
        var listener = httpListener(virtualHost("gloo-system_default", prefixRoute("/", BLUE)));
        RouteConfiguration config = Routes.routeConfiguration(
                listener,
                listener.virtualHosts().stream()
                        .map(h -> Routes.virtualHost(h, Set.of()))
                        .toList());

        assertThat(config.getName()).isEqualTo("listener-::-8080-routes");
        assertThat(config.getVirtualHostsList()).singleElement().satisfies(vh -> {
            assertThat(vh.getName()).isEqualTo("gloo-system_default");
            assertThat(vh.getDomainsList()).containsExactly("*");
            assertThat(vh.getRoutes(0).getMatch().getPrefix()).isEqualTo("/");
            assertThat(vh.getRoutes(0).getRoute().getCluster()).isEqualTo(BLUE);
        });
    }

    @Test
    void pathFormsMapToPrefixPathAndSafeRegex() {
        RouteMatch prefix = match(matcher(PathKind.PREFIX, "/api", List.of(), List.of()));
        RouteMatch exact = match(matcher(PathKind.EXACT, "/health", List.of(), List.of()));
        RouteMatch regex = match(matcher(PathKind.REGEX, "/v[0-9]+/.*", List.of(), List.of()));

        assertThat(prefix.getPrefix()).isEqualTo("/api");
        assertThat(exact.getPath()).isEqualTo("/health");
        assertThat(regex.getSafeRegex())
                .isEqualTo(RegexMatcher.newBuilder().setRegex("/v[0-9]+/.*").build());
    }

    @Test
    void headerConditionsMapToPresentExactAndRegexMatches() {
        RouteMatch match = match(matcher(
                PathKind.PREFIX,
                "/",
                List.of(
                        new HeaderMatcher("x-canary", "", false, false),
                        new HeaderMatcher("x-color", "blue", false, true),
                        new HeaderMatcher("x-version", "v[12]", true, false)),
                List.of()));

        assertThat(match.getHeaders(0).getName()).isEqualTo("x-canary");
        assertThat(match.getHeaders(0).getPresentMatch()).isTrue();
        assertThat(match.getHeaders(1).getStringMatch().getExact()).isEqualTo("blue");
        assertThat(match.getHeaders(1).getInvertMatch()).isTrue();
        assertThat(match.getHeaders(2).getStringMatch().getSafeRegex().getRegex())
                .isEqualTo("v[12]");
        assertThat(match.getHeaders(2).getInvertMatch()).isFalse();
    }

    @Test
    void oneMethodIsAnExactMethodHeader() {
        RouteMatch match = match(matcher(PathKind.PREFIX, "/", List.of(), List.of("GET")));

        assertThat(match.getHeadersList()).singleElement().satisfies(h -> {
            assertThat(h.getName()).isEqualTo(":method");
            assertThat(h.getStringMatch().getExact()).isEqualTo("GET");
        });
    }

    @Test
    void severalMethodsAreAnAnchoredAlternation() {
        RouteMatch match = match(matcher(PathKind.PREFIX, "/", List.of(), List.of("GET", "POST")));

        assertThat(match.getHeaders(0).getName()).isEqualTo(":method");
        assertThat(match.getHeaders(0).getStringMatch().getSafeRegex().getRegex())
                .isEqualTo("^(GET|POST)$");
    }

    @Test
    void weightedDestinationsAreWeightedClustersWithoutTotalWeight() {
        VirtualHost.Route split = new VirtualHost.Route(
                matcher(PathKind.PREFIX, "/", List.of(), List.of()),
                List.of(new WeightedCluster(BLUE, 90), new WeightedCluster(GREEN, 10)),
                true);

        var action = Routes.virtualHost(virtualHost("gloo-system_split", split), Set.of())
                .getRoutes(0)
                .getRoute();

        assertThat(action.getWeightedClusters().getClustersList())
                .extracting(ClusterWeight::getName, ClusterWeight::getWeight)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(BLUE, UInt32Value.of(90)),
                        org.assertj.core.groups.Tuple.tuple(GREEN, UInt32Value.of(10)));
        assertThat(action.getWeightedClusters().hasTotalWeight()).isFalse();
    }

    @Test
    void routesKeepTheirOrder() {
        var host = Routes.virtualHost(
                virtualHost(
                        "gloo-system_default",
                        route(matcher(PathKind.EXACT, "/health", List.of(), List.of()), GREEN),
                        prefixRoute("/", BLUE)),
                Set.of());

        assertThat(host.getRoutesList())
                .extracting(r -> r.getRoute().getCluster())
                .containsExactly(GREEN, BLUE);
    }

    private static RouteMatch match(dev.spillway.translator.model.VirtualHost.Matcher matcher) {
        return Routes.virtualHost(virtualHost("gloo-system_default", route(matcher, BLUE)), Set.of())
                .getRoutes(0)
                .getMatch();
    }
}
