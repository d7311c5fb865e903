package dev.spillway.server.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster's locality from its nodes' topology labels. */
class NodeTopologyTest {

    private static Node node(String name, Map<String, String> labels) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build();
    }

    @Test
    void oneZoneForAllNodesIsTheClustersZone() {
        NodeTopology t = NodeTopology.of(List.of(
                node("a", Map.of(NodeTopology.REGION, "eu-west1", NodeTopology.ZONE, "eu-west1-a")),
                node("b", Map.of(NodeTopology.REGION, "eu-west1", NodeTopology.ZONE, "eu-west1-a"))));

        assertThat(t).isEqualTo(new NodeTopology("eu-west1", "eu-west1-a"));
    }

    @Test
    void nodesInSeveralZonesLeaveTheZoneEmptyAndTheMostCommonRegionWins() {
        NodeTopology t = NodeTopology.of(List.of(
                node("a", Map.of(NodeTopology.REGION, "eu-west1", NodeTopology.ZONE, "eu-west1-a")),
                node("b", Map.of(NodeTopology.REGION, "eu-west1", NodeTopology.ZONE, "eu-west1-b")),
                node("c", Map.of(NodeTopology.REGION, "us-east1", NodeTopology.ZONE, "us-east1-b"))));

        assertThat(t).isEqualTo(new NodeTopology("eu-west1", ""));
    }

    @Test
    void theDeprecatedLabelsCountAndUnlabelledNodesDoNot() {
        NodeTopology t = NodeTopology.of(List.of(
                node(
                        "a",
                        Map.of(
                                "failure-domain.beta.kubernetes.io/region", "asia-east1",
                                "failure-domain.beta.kubernetes.io/zone", "asia-east1-c")),
                node("b", Map.of("kubernetes.io/hostname", "b"))));

        assertThat(t).isEqualTo(new NodeTopology("asia-east1", "asia-east1-c"));
        assertThat(NodeTopology.of(List.of(node("b", Map.of()))).isEmpty()).isTrue();
    }
}
