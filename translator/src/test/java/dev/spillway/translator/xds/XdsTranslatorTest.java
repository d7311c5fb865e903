package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Fixtures.BLUE;
import static dev.spillway.translator.xds.Fixtures.GREEN;
import static dev.spillway.translator.xds.Fixtures.blueWithGreenFailover;
import static dev.spillway.translator.xds.Fixtures.certificate;
import static dev.spillway.translator.xds.Fixtures.cluster;
import static dev.spillway.translator.xds.Fixtures.group;
import static dev.spillway.translator.xds.Fixtures.httpListener;
import static dev.spillway.translator.xds.Fixtures.key;
import static dev.spillway.translator.xds.Fixtures.prefixRoute;
import static dev.spillway.translator.xds.Fixtures.tcpListener;
import static dev.spillway.translator.xds.Fixtures.virtualHost;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.MessageOrBuilder;
import dev.spillway.api.model.Kind;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class XdsTranslatorTest {

    @Test
    void translatesEveryResourceSortedByName() {
        XdsResources xds = XdsTranslator.translate(EnvoyJsonTest.guide(), new XdsMemo());

        assertThat(xds.clusters()).extracting(Cluster::getName).containsExactly(BLUE, GREEN);
        assertThat(xds.endpoints())
                .extracting(ClusterLoadAssignment::getClusterName)
                .containsExactlyElementsOf(xds.clusters().stream()
                        .map(c -> c.getEdsClusterConfig().getServiceName())
                        .toList());
        assertThat(xds.listeners())
                .extracting(Listener::getName)
                .containsExactly("listener-::-15443", "listener-::-8080");
        assertThat(xds.routes()).extracting(RouteConfiguration::getName).containsExactly("listener-::-8080-routes");
        assertThat(xds.secrets())
                .extracting(Secret::getName)
                .containsExactly("gloo-system_failover-downstream-cacert", "gloo-system_failover-upstream");
        assertThat(xds.problems()).isEmpty();
    }

    @Test
    void theGuidesResourcesPassEnvoysFieldRules() {
        XdsResources xds = XdsTranslator.translate(EnvoyJsonTest.guide(), new XdsMemo());

        assertThat(xds.problems()).isEmpty();
    }

    @Test
    void envoysRulesDropAClusterWithAnImpossiblePortAndBlameItsUpstream() {
        var group = group().with(cluster(BLUE).endpoint("10.244.0.7", 70000))
                .with(cluster(GREEN))
                .build();

        XdsResources xds = XdsTranslator.translate(group, new XdsMemo());

        assertThat(xds.clusters()).extracting(Cluster::getName).containsExactly(GREEN);
        assertThat(xds.endpoints()).hasSize(1);
        assertThat(xds.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(key(Kind.UPSTREAM, BLUE));
            assertThat(p.resourceName()).startsWith(BLUE + "-");
            assertThat(p.path()).isEqualTo("endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value");
        });
    }

    @Test
    void inputOrderDoesNotChangeTheOutput() {
        var forward = group().with(blueWithGreenFailover()).with(cluster(GREEN)).build();
        var backward =
                group().with(cluster(GREEN)).with(blueWithGreenFailover()).build();

        assertThat(EnvoyJson.groupDump(XdsTranslator.translate(backward, new XdsMemo())))
                .isEqualTo(EnvoyJson.groupDump(XdsTranslator.translate(forward, new XdsMemo())));
    }

    @Test
    void aClusterBreakingARuleIsDroppedWithItsEndpoints() {
        FieldRules rejectBlue =
                rejecting(m -> m instanceof Cluster c && c.getName().equals(BLUE));

        XdsResources xds = XdsTranslator.translate(EnvoyJsonTest.guide(), rejectBlue);

        assertThat(xds.clusters()).extracting(Cluster::getName).containsExactly(GREEN);
        assertThat(xds.endpoints())
                .extracting(ClusterLoadAssignment::getClusterName)
                .allMatch(name -> name.startsWith(GREEN + "-"));
        assertThat(xds.problems()).first().isEqualTo(new XdsProblem(key(Kind.UPSTREAM, BLUE), BLUE, "name", "broken"));
        assertThat(xds.problems()).last().satisfies(p -> {
            assertThat(p.source()).isEqualTo(key(Kind.VIRTUAL_SERVICE, "default"));
            assertThat(p.path()).isEqualTo("virtual_hosts[0].routes[0].route.cluster");
            assertThat(p.message()).contains("cluster " + BLUE + " is not served");
        });
        assertThat(xds.routes())
                .allSatisfy(r -> assertThat(r.getVirtualHostsList()).isEmpty());
    }

    @Test
    void aVirtualHostBreakingARuleIsDroppedAloneAndBlamesItsVirtualService() {
        var group = group().with(cluster(BLUE))
                .with(cluster(GREEN))
                .with(httpListener(
                        virtualHost("gloo-system_default", prefixRoute("/", BLUE)),
                        virtualHost("gloo-system_broken", prefixRoute("/", GREEN))))
                .build();
        FieldRules rejectBroken =
                rejecting(m -> m instanceof VirtualHost v && v.getName().equals("gloo-system_broken"));

        XdsResources xds = XdsTranslator.translate(group, rejectBroken);

        assertThat(xds.listeners()).extracting(Listener::getName).containsExactly("listener-::-8080");
        assertThat(xds.routes())
                .singleElement()
                .satisfies(r -> assertThat(r.getVirtualHostsList())
                        .extracting(VirtualHost::getName)
                        .containsExactly("gloo-system_default"));
        assertThat(xds.problems())
                .containsExactly(new XdsProblem(
                        new dev.spillway.api.model.ResourceKey(Kind.VIRTUAL_SERVICE, "local", "gloo-system", "broken"),
                        "listener-::-8080-routes",
                        "virtual_hosts[1].name",
                        "broken"));
    }

    @Test
    void anHttpListenerBreakingARuleIsDroppedWithItsRoutes() {
        var group = group().with(httpListener(virtualHost("gloo-system_default", prefixRoute("/", BLUE))))
                .build();

        XdsResources xds = XdsTranslator.translate(group, rejecting(m -> m instanceof Listener));

        assertThat(xds.listeners()).isEmpty();
        assertThat(xds.routes()).isEmpty();
        assertThat(xds.problems()).extracting(XdsProblem::source).containsExactly(key(Kind.GATEWAY, "gateway-proxy"));
    }

    @Test
    void aTcpListenerBreakingARuleBlamesItsGateway() {
        var group = group().with(tcpListener()).build();

        XdsResources xds = XdsTranslator.translate(group, rejecting(m -> m instanceof Listener));

        assertThat(xds.listeners()).isEmpty();
        assertThat(xds.problems())
                .extracting(XdsProblem::source)
                .containsExactly(key(Kind.GATEWAY, "failover-gateway"));
    }

    @Test
    void aSecretBreakingARuleIsReportedByNameOnly() {
        var group = group().with(certificate("gloo-system_bad")).build();

        XdsResources xds = XdsTranslator.translate(group, rejecting(m -> m instanceof Secret));

        assertThat(xds.secrets()).isEmpty();
        assertThat(xds.problems()).containsExactly(new XdsProblem(null, "gloo-system_bad", "name", "broken"));
    }

    @Test
    void aVirtualHostWhoseDomainsClashIsLeftOutAloneAndTheRouteConfigurationServes() {
        var group = group().with(cluster(BLUE))
                .with(cluster(GREEN))
                .with(httpListener(
                        virtualHost("gloo-system_default", prefixRoute("/", BLUE)),
                        virtualHost("gloo-system_second", prefixRoute("/", GREEN))))
                .build();

        XdsResources xds = XdsTranslator.translate(group, new XdsMemo());

        assertThat(xds.routes())
                .singleElement()
                .satisfies(r -> assertThat(r.getVirtualHostsList())
                        .extracting(VirtualHost::getName)
                        .containsExactly("gloo-system_default"));
        assertThat(xds.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(key(Kind.VIRTUAL_SERVICE, "second"));
            assertThat(p.path()).isEqualTo("virtual_hosts[1].domains[0]");
            assertThat(p.message()).contains("only one virtual host may be the default");
        });
    }

    private static FieldRules rejecting(Predicate<MessageOrBuilder> broken) {
        return m -> broken.test(m) ? List.of(new FieldRules.Finding("name", "broken")) : List.of();
    }
}
