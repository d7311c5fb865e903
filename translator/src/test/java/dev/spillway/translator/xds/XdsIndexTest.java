package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Fixtures.BLUE;
import static dev.spillway.translator.xds.Fixtures.GREEN;
import static dev.spillway.translator.xds.Fixtures.cluster;
import static dev.spillway.translator.xds.Fixtures.group;
import static dev.spillway.translator.xds.Fixtures.httpListener;
import static dev.spillway.translator.xds.Fixtures.key;
import static dev.spillway.translator.xds.Fixtures.prefixRoute;
import static dev.spillway.translator.xds.Fixtures.virtualHost;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class XdsIndexTest {
    private static final String CLUSTER = typeUrl(Cluster.getDefaultInstance());
    private static final String ENDPOINT = typeUrl(ClusterLoadAssignment.getDefaultInstance());
    private static final String LISTENER = typeUrl(Listener.getDefaultInstance());
    private static final String ROUTE = typeUrl(RouteConfiguration.getDefaultInstance());

    @Test
    void everyClusterHasTheEdsServiceNameItsProtoCarries() {
        XdsResources xds = XdsTranslator.translate(EnvoyJsonTest.guide(), new XdsMemo());

        Map<String, String> fromProtos = xds.clusters().stream()
                .collect(Collectors.toMap(
                        Cluster::getName, c -> c.getEdsClusterConfig().getServiceName()));
        assertThat(xds.index().edsServiceNames()).isEqualTo(fromProtos).containsOnlyKeys(BLUE, GREEN);
        assertThat(xds.index().edsServiceNames().values())
                .containsExactlyInAnyOrderElementsOf(xds.endpoints().stream()
                        .map(ClusterLoadAssignment::getClusterName)
                        .toList());
    }

    @Test
    void everyServedResourceNamesTheResourceItCameFromUnderItsTypeUrl() {
        XdsResources xds = XdsTranslator.translate(EnvoyJsonTest.guide(), new XdsMemo());

        assertThat(xds.index().sources()).containsOnlyKeys(CLUSTER, ENDPOINT, LISTENER, ROUTE);
        assertThat(xds.index().sources().get(CLUSTER)).containsOnlyKeys(names(xds.clusters(), Cluster::getName));
        assertThat(xds.index().sources().get(ENDPOINT))
                .containsOnlyKeys(names(xds.endpoints(), ClusterLoadAssignment::getClusterName));
        assertThat(xds.index().sources().get(LISTENER)).containsOnlyKeys(names(xds.listeners(), Listener::getName));
        assertThat(xds.index().sources().get(ROUTE)).containsOnlyKeys(names(xds.routes(), RouteConfiguration::getName));
        String blueEds = xds.index().edsServiceNames().get(BLUE);
        assertThat(xds.index().sourceOf(CLUSTER, BLUE)).isEqualTo(key(Kind.UPSTREAM, BLUE));
        assertThat(xds.index().sourceOf(ENDPOINT, blueEds)).isEqualTo(key(Kind.UPSTREAM, BLUE));
        assertThat(xds.index().sourceOf(LISTENER, "listener-::-15443"))
                .isEqualTo(key(Kind.GATEWAY, "failover-gateway"));
        assertThat(xds.index().sourceOf(CLUSTER, "listener-::-15443"))
                .as("names are per type")
                .isNull();
    }

    @Test
    void aRouteConfigurationComesFromItsOneVirtualServiceOrElseItsGateway() {
        ResourceKey defaultVs = new ResourceKey(Kind.VIRTUAL_SERVICE, "local", "gloo-system", "default");
        XdsResources one = XdsTranslator.translate(
                group().with(httpListener(virtualHost("gloo-system_default", prefixRoute("/", BLUE))))
                        .build(),
                new XdsMemo());
        XdsResources two = XdsTranslator.translate(
                group().with(httpListener(
                                virtualHost("gloo-system_default", prefixRoute("/", BLUE)),
                                virtualHost("gloo-system_other", prefixRoute("/", GREEN))))
                        .build(),
                new XdsMemo());

        assertThat(one.index().sourceOf(ROUTE, "listener-::-8080-routes")).isEqualTo(defaultVs);
        assertThat(two.index().sourceOf(ROUTE, "listener-::-8080-routes"))
                .isEqualTo(key(Kind.GATEWAY, "gateway-proxy"));
        assertThat(two.index().sourceOf(LISTENER, "listener-::-8080")).isEqualTo(key(Kind.GATEWAY, "gateway-proxy"));
    }

    @Test
    void aResourceLeftOutHasNoEntry() {
        var group = group().with(cluster(BLUE).endpoint("10.244.0.7", 70000))
                .with(cluster(GREEN))
                .build();

        XdsResources xds = XdsTranslator.translate(group, new XdsMemo());

        assertThat(xds.index().edsServiceNames()).containsOnlyKeys(GREEN);
        assertThat(xds.index().sources().get(CLUSTER)).containsOnlyKeys(GREEN);
    }

    private static String typeUrl(Message m) {
        return Any.pack(m).getTypeUrl();
    }

    private static <T> List<String> names(List<T> resources, java.util.function.Function<T, String> name) {
        return resources.stream().map(name).toList();
    }
}
