package dev.spillway.server.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.source.Inventory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Cluster registration the source hands the translator. */
class ClusterRegistrationsTest {

    private static final ObjectMeta REMOTE = new ObjectMeta("remote", "", "remote", Map.of(), 0, "");

    private static ClusterRegistration registered(HostPort failoverAddress) {
        return new ClusterRegistration(
                REMOTE, "eu-west-1", "eu-west-1a", ClusterRegistration.Network.GATEWAY, failoverAddress, "gloo-fed-2");
    }

    @Test
    void aWrittenFailoverAddressIsKept() {
        HostPort explicit = new HostPort("192.0.2.1", 443);
        Inventory.Entry entry = ClusterRegistrations.entry("remote", registered(explicit), NodeTopology.NONE)
                .orElseThrow();

        assertThat(((ClusterRegistration) entry.resource()).failoverAddress()).isEqualTo(explicit);
        assertThat(entry.origin()).isEqualTo("registered");
    }

    @Test
    void nothingRegisteredNorLabelledMeansNoRegistration() {
        assertThat(ClusterRegistrations.entry("remote", null, NodeTopology.NONE))
                .isEmpty();
        assertThat(ClusterRegistrations.entry("remote", registered(null), NodeTopology.NONE)
                        .orElseThrow()
                        .origin())
                .isEqualTo("registered");
    }

    @Test
    void nodeLabelsFillTheLocalityARegistrationLeavesEmpty() {
        NodeTopology nodes = new NodeTopology("us-east1", "us-east1-b");

        ClusterRegistration fromNodes = (ClusterRegistration)
                ClusterRegistrations.entry("remote", null, nodes).orElseThrow().resource();
        ClusterRegistration registeredWins =
                (ClusterRegistration) ClusterRegistrations.entry("remote", registered(null), nodes)
                        .orElseThrow()
                        .resource();

        assertThat(fromNodes.region()).isEqualTo("us-east1");
        assertThat(fromNodes.zone()).isEqualTo("us-east1-b");
        assertThat(fromNodes.failoverAddress()).isNull();
        assertThat(registeredWins.region()).isEqualTo("eu-west-1");
        assertThat(registeredWins.zone()).isEqualTo("eu-west-1a");
    }
}
