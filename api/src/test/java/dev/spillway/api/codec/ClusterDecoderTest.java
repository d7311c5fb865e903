package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.assertAccepted;
import static dev.spillway.api.codec.Decoding.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.ClusterRegistration.Network;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.ObjectMeta;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterDecoderTest {

    private static final String HEADER = """
            apiVersion: spillway.dev/v1
            kind: Cluster
            metadata:
              name: remote
            """;

    @Test
    void decodesEveryField() {
        ClusterRegistration cluster = (ClusterRegistration) assertAccepted(HEADER + """
                spec:
                  region: us-east1
                  zone: us-east1-b
                  network: flat
                  failoverAddress: {address: 203.0.113.7, port: 32000}
                  kubeContext: gloo-fed-2
                """);

        assertThat(cluster)
                .isEqualTo(new ClusterRegistration(
                        new ObjectMeta("local", "", "remote", Map.of(), 0, ""),
                        "us-east1",
                        "us-east1-b",
                        Network.FLAT,
                        new HostPort("203.0.113.7", 32000),
                        "gloo-fed-2"));
    }

    @Test
    void registrationWithoutSpecUsesDefaults() {
        ClusterRegistration cluster = (ClusterRegistration) assertAccepted(HEADER);

        assertThat(cluster.network()).isEqualTo(Network.GATEWAY);
        assertThat(cluster.failoverAddress()).isNull();
        assertThat(cluster.region()).isEmpty();
    }

    @Test
    void networkIsGatewayOrFlat() {
        assertRejected(HEADER + "spec: {network: mesh}\n", "Cluster remote: spec.network must be one of gateway, flat");
    }

    @Test
    void failoverAddressNeedsAPort() {
        assertRejected(
                HEADER + "spec: {failoverAddress: {address: 203.0.113.7}}\n",
                "Cluster remote: spec.failoverAddress.port is required");
    }
}
