package dev.spillway.server.cli.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a proxy URL is put together from what the API server says about nodes and pods. */
class ProxyUrlsTest {

    private static Node node(String name, String type, String address) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .addNewAddress()
                .withType("Hostname")
                .withAddress(name)
                .endAddress()
                .addNewAddress()
                .withType(type)
                .withAddress(address)
                .endAddress()
                .endStatus()
                .build();
    }

    private static Pod pod(String name, String node, String phase) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    @Test
    void aNodesExternalAddressIsPreferred() {
        List<Node> nodes = List.of(node("a", "InternalIP", "10.0.0.1"), node("b", "ExternalIP", "34.1.2.3"));

        assertThat(ProxyUrls.nodeAddress(List.of(pod("p", "b", "Running")), nodes))
                .contains("34.1.2.3");
        assertThat(ProxyUrls.nodeAddress(List.of(pod("p", "b", "Pending")), nodes))
                .contains("10.0.0.1");
        assertThat(ProxyUrls.nodeAddress(List.of(), List.of())).isEmpty();
    }

    @Test
    void urlsBracketIpv6AndNameTheirScheme() {
        assertThat(ProxyUrls.url("http", "fd00::1", 80)).isEqualTo("http://[fd00::1]:80");
        assertThat(ProxyUrls.url("http", "1.2.3.4", 80)).isEqualTo("http://1.2.3.4:80");
        assertThat(ProxyUrls.scheme(new ServicePortBuilder()
                        .withName("https")
                        .withPort(8443)
                        .build()))
                .isEqualTo("https");
        assertThat(ProxyUrls.scheme(
                        new ServicePortBuilder().withName("http").withPort(80).build()))
                .isEqualTo("http");
    }
}
