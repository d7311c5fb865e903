package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Fixtures.BLUE;
import static dev.spillway.translator.xds.Fixtures.GREEN;
import static dev.spillway.translator.xds.Fixtures.cluster;
import static dev.spillway.translator.xds.Fixtures.group;
import static dev.spillway.translator.xds.Fixtures.httpListener;
import static dev.spillway.translator.xds.Fixtures.prefixRoute;
import static dev.spillway.translator.xds.Fixtures.virtualHost;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.MessageOrBuilder;
import dev.spillway.translator.model.ClusterReplacement;
import dev.spillway.translator.model.UpstreamCluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XdsPatchTest {
    private final List<MessageOrBuilder> checked = new ArrayList<>();
    private final FieldRules recording = resource -> {
        checked.add(resource);
        return List.of();
    };
    private final XdsMemo memo = new XdsMemo();

    private final UpstreamCluster blue = cluster(BLUE)
            .httpHealthCheck("/health")
            .endpoint("10.244.0.7", 10000)
            .build();

    private XdsResources translated() {
        return XdsTranslator.translate(
                group().with(blue)
                        .with(cluster(GREEN).endpoint("10.244.0.8", 10000))
                        .with(httpListener(virtualHost("gloo-system_default", prefixRoute("/", BLUE))))
                        .build(),
                recording,
                memo);
    }

    @Test
    void anEndpointChangeChecksOnlyTheNewAssignmentAgainstEnvoysRules() {
        XdsResources before = translated();
        UpstreamCluster moved = cluster(BLUE)
                .httpHealthCheck("/health")
                .endpoint("10.244.0.9", 10000)
                .build();
        checked.clear();

        XdsResources after = XdsPatch.apply(before, List.of(new ClusterReplacement(blue, moved)), memo, recording);

        assertThat(after).isNotNull();
        assertThat(checked).singleElement().isInstanceOf(ClusterLoadAssignment.class);
        assertThat(after.clusters()).isEqualTo(before.clusters());
        assertThat(after.endpoints())
                .filteredOn(a -> a.getClusterName().startsWith(BLUE))
                .singleElement()
                .satisfies(a -> assertThat(a.toString()).contains("10.244.0.9"));
    }

    @Test
    void aChangedClusterIsCheckedAgain() {
        XdsResources before = translated();
        UpstreamCluster slower = cluster(BLUE)
                .httpHealthCheck("/health")
                .connectTimeout(Duration.ofSeconds(9))
                .endpoint("10.244.0.7", 10000)
                .build();
        checked.clear();

        XdsResources after = XdsPatch.apply(before, List.of(new ClusterReplacement(blue, slower)), memo, recording);

        assertThat(after).isNotNull();
        assertThat(checked).filteredOn(Cluster.class::isInstance).hasSize(1);
    }

    @Test
    void aChangedClusterBreakingARuleFallsBackToAFullTranslation() {
        XdsResources before = translated();
        UpstreamCluster slower = cluster(BLUE)
                .httpHealthCheck("/health")
                .connectTimeout(Duration.ofSeconds(9))
                .endpoint("10.244.0.7", 10000)
                .build();
        FieldRules rejectClusters =
                m -> m instanceof Cluster ? List.of(new FieldRules.Finding("name", "broken")) : List.of();

        assertThat(XdsPatch.apply(before, List.of(new ClusterReplacement(blue, slower)), memo, rejectClusters))
                .isNull();
    }
}
