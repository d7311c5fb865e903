package dev.spillway.api.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.GatewayAddress;
import dev.spillway.api.model.GatewayAddress.Origin;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The failover gateway address rule as the file-directory source applies it (no DNS, no nodes). */
class GatewayAddressesTest {
    private static final GatewayAddresses.Environment FILES = GatewayAddresses.Environment.FILES;

    private static KubeService service(String name, String type, List<String> ingress) {
        return new KubeService(
                new ObjectMeta("remote", "gloo-system", name, Map.of(), 0, ""),
                type,
                Map.of("gateway-proxy-id", "gateway-proxy"),
                List.of(new KubeService.Port("failover", 15443, 8443, "", 32000)),
                ingress);
    }

    private static ClusterRegistration registration(HostPort address) {
        return new ClusterRegistration(
                new ObjectMeta("remote", "", "remote", Map.of(), 0, ""),
                "",
                "",
                ClusterRegistration.Network.GATEWAY,
                address,
                "");
    }

    @Test
    void aWrittenAddressWinsOverEveryService() {
        HostPort written = new HostPort("192.0.2.1", 443);

        GatewayAddress address = GatewayAddresses.of(
                "remote",
                registration(written),
                List.of(service("failover", "LoadBalancer", List.of("203.0.113.9"))),
                FILES);

        assertThat(address.address()).isEqualTo(written);
        assertThat(address.origin()).isEqualTo(Origin.WRITTEN);
        assertThat(address.service()).isNull();
        assertThat(address.from()).isEqualTo("failoverAddress of Cluster remote");
    }

    @Test
    void aLoadBalancerIngressIpWithTheServicePort() {
        GatewayAddress address = GatewayAddresses.of(
                "remote", null, List.of(service("failover", "LoadBalancer", List.of("203.0.113.9"))), FILES);

        assertThat(address.address()).isEqualTo(new HostPort("203.0.113.9", 15443));
        assertThat(address.origin()).isEqualTo(Origin.LOADBALANCER_INGRESS);
        assertThat(address.discovered()).isTrue();
        assertThat(address.service()).isEqualTo(new ResourceRef("failover", "gloo-system"));
    }

    @Test
    void withoutDnsOrNodesTheFileSourceSaysWhatIsMissing() {
        GatewayAddress hostname = GatewayAddresses.of(
                "remote", null, List.of(service("failover", "LoadBalancer", List.of("abc.elb.example.com"))), FILES);
        GatewayAddress pending =
                GatewayAddresses.of("remote", null, List.of(service("failover", "LoadBalancer", List.of())), FILES);
        GatewayAddress nodePort =
                GatewayAddresses.of("remote", null, List.of(service("failover", "NodePort", List.of())), FILES);

        assertThat(hostname.fault()).endsWith("ingress hostname abc.elb.example.com is not resolved to an address yet");
        assertThat(hostname.retry()).isTrue();
        assertThat(pending.fault()).endsWith("has no LoadBalancer ingress address yet");
        assertThat(pending.retry()).isTrue();
        assertThat(nodePort.fault())
                .isEqualTo("Service gloo-system/failover on cluster remote is a NodePort Service: node addresses are"
                        + " only known in Kubernetes mode; set failoverAddress on the Cluster registration");
        assertThat(nodePort.retry()).isFalse();
    }

    @Test
    void noFailoverPortAndNoWrittenAddressNamesBoth() {
        GatewayAddress address = GatewayAddresses.of("remote", registration(null), List.of(), FILES);

        assertThat(address.address()).isNull();
        assertThat(address.fault())
                .isEqualTo("cluster remote has no failover gateway address (no port named failover on any Service,"
                        + " and no failoverAddress on its Cluster)");
    }
}
