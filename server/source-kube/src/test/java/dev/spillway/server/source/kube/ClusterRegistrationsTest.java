package dev.spillway.server.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.source.Inventory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Cluster registration the source hands the translator. */
class ClusterRegistrationsTest {

    private static final HostPort DISCOVERED = new HostPort("203.0.113.10", 15443);
    private static final ObjectMeta REMOTE = new ObjectMeta("remote", "", "remote", Map.of(), 0, "");

    private static ClusterRegistration registered(HostPort failoverAddress) {
        return new ClusterRegistration(
                REMOTE, "eu-west-1", "eu-west-1a", ClusterRegistration.Network.GATEWAY, failoverAddress, "gloo-fed-2");
    }

    @Test
    void aDiscoveredAddressMakesASyntheticRegistration() {
        Inventory.Entry entry = ClusterRegistrations.entry("remote", null, Optional.of(DISCOVERED), NodeTopology.NONE)
                .orElseThrow();

        ClusterRegistration registration = (ClusterRegistration) entry.resource();
        assertThat(entry.origin()).isEqualTo("discovered");
        assertThat(entry.key()).isEqualTo(Guide.key(Kind.CLUSTER, "remote", "", "remote"));
        assertThat(registration.failoverAddress()).isEqualTo(DISCOVERED);
        assertThat(registration.network()).isEqualTo(ClusterRegistration.Network.GATEWAY);
    }

    @Test
    void anExplicitFailoverAddressWinsOverDiscovery() {
        HostPort explicit = new HostPort("192.0.2.1", 443);
        Inventory.Entry entry = ClusterRegistrations.entry(
                        "remote", registered(explicit), Optional.of(DISCOVERED), NodeTopology.NONE)
                .orElseThrow();

        assertThat(((ClusterRegistration) entry.resource()).failoverAddress()).isEqualTo(explicit);
        assertThat(entry.origin()).isEqualTo("registered");
    }

    @Test
    void aDiscoveredAddressKeepsTheRegisteredLocality() {
        ClusterRegistration registration = (ClusterRegistration)
                ClusterRegistrations.entry("remote", registered(null), Optional.of(DISCOVERED), NodeTopology.NONE)
                        .orElseThrow()
                        .resource();

        assertThat(registration.region()).isEqualTo("eu-west-1");
        assertThat(registration.zone()).isEqualTo("eu-west-1a");
        assertThat(registration.failoverAddress()).isEqualTo(DISCOVERED);
    }

    @Test
    void nothingRegisteredNorDiscoveredMeansNoRegistration() {
        assertThat(ClusterRegistrations.entry("remote", null, Optional.empty(), NodeTopology.NONE))
                .isEmpty();
        assertThat(ClusterRegistrations.entry("remote", registered(null), Optional.empty(), NodeTopology.NONE)
                        .orElseThrow()
                        .origin())
                .isEqualTo("registered");
    }

    @Test
    void nodeLabelsFillTheLocalityARegistrationLeavesEmpty() {
        NodeTopology nodes = new NodeTopology("us-east1", "us-east1-b");

        ClusterRegistration fromNodes =
                (ClusterRegistration) ClusterRegistrations.entry("remote", null, Optional.empty(), nodes)
                        .orElseThrow()
                        .resource();
        ClusterRegistration registeredWins = (ClusterRegistration)
                ClusterRegistrations.entry("remote", registered(null), Optional.of(DISCOVERED), nodes)
                        .orElseThrow()
                        .resource();

        assertThat(fromNodes.region()).isEqualTo("us-east1");
        assertThat(fromNodes.zone()).isEqualTo("us-east1-b");
        assertThat(fromNodes.failoverAddress()).isNull();
        assertThat(registeredWins.region()).isEqualTo("eu-west-1");
        assertThat(registeredWins.zone()).isEqualTo("eu-west-1a");
    }
}
