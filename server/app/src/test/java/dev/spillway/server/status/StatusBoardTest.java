package dev.spillway.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.server.source.file.FileSource;
import dev.spillway.server.xds.NackRecord;
import dev.spillway.snapshot.XdsType;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import dev.spillway.translator.xds.XdsResources;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A proxy's NACK lands on the status of the user resource the rejected Envoy resource was made from. */
class StatusBoardTest {
    private static final ProxyGroup GROUP = new ProxyGroup("local", "gateway-proxy");
    private static final ResourceKey BLUE =
            new ResourceKey(Kind.UPSTREAM, "local", "gloo-system", "default-service-blue-10000");
    private static final ResourceKey VIRTUAL_SERVICE =
            new ResourceKey(Kind.VIRTUAL_SERVICE, "local", "gloo-system", "default");
    private static Translation translation;
    private static XdsResources xds;

    @BeforeAll
    static void translateTheExample() throws Exception {
        translation = Translator.translate(new FileSource(Path.of("../../examples/failover")).load());
        xds = translation.groups().get(GROUP);
    }

    @Test
    void aRejectedClusterOrItsEndpointsIsItsUpstreamsProblem() {
        String cluster = "default-service-blue-10000_gloo-system";
        String edsName = xds.clusters().stream()
                .filter(c -> c.getName().equals(cluster))
                .findFirst()
                .orElseThrow()
                .getEdsClusterConfig()
                .getServiceName();

        Map<ResourceKey, ResourceStatus> statuses = StatusBoard.statuses(
                translation,
                List.of(
                        nack(XdsType.CLUSTER, cluster, "bad cluster"),
                        nack(XdsType.ENDPOINT, edsName, "bad endpoints")));

        assertThat(statuses.get(BLUE).problems())
                .extracting(Problem::message)
                .containsExactlyInAnyOrder(
                        "proxy envoy-1 (local/gateway-proxy) rejected cluster " + cluster + " version v1: bad cluster",
                        "proxy envoy-1 (local/gateway-proxy) rejected endpoint " + edsName
                                + " version v1: bad endpoints");
    }

    @Test
    void aRejectedRouteConfigurationOfOneVirtualServiceIsThatVirtualServicesProblem() {
        String route = xds.routes().get(0).getName();

        Map<ResourceKey, ResourceStatus> statuses =
                StatusBoard.statuses(translation, List.of(nack(XdsType.ROUTE, route, "bad route")));

        assertThat(statuses.get(VIRTUAL_SERVICE).problems())
                .extracting(Problem::message)
                .containsExactly(
                        "proxy envoy-1 (local/gateway-proxy) rejected route " + route + " version v1: bad route");
    }

    @Test
    void aNameUnknownForItsTypeChangesNoStatus() {
        Map<ResourceKey, ResourceStatus> statuses = StatusBoard.statuses(
                translation,
                List.of(
                        nack(
                                XdsType.LISTENER,
                                "default-service-blue-10000_gloo-system",
                                "a cluster's name as a listener"),
                        nack(XdsType.CLUSTER, "no-such-cluster", "unknown")));

        assertThat(statuses).isEqualTo(translation.statuses());
    }

    private static NackRecord nack(XdsType type, String name, String message) {
        return new NackRecord(Instant.EPOCH, "envoy-1", GROUP, "sotw", type, "v1", "1", List.of(name), message);
    }
}
