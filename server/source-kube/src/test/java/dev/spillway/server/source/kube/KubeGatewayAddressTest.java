package dev.spillway.server.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.GatewayAddress;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.source.GatewayAddresses;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where the failover gateway of a cluster is reached in Kubernetes mode: the one rule ({@link
 * GatewayAddresses}) on Services as the source decodes them, with its hostnames and nodes.
 */
class KubeGatewayAddressTest {

    private static final Map<String, String> SELECTOR =
            Map.of("gateway-proxy", "live", "gateway-proxy-id", "gateway-proxy");

    private final Map<String, String> dns = new HashMap<>();
    private final HostnameResolver resolver = new HostnameResolver(h -> Optional.ofNullable(dns.get(h)));

    private static ServiceBuilder failover(String namespace, String name, String type) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withType(type)
                .withSelector(SELECTOR)
                .addNewPort()
                .withName("failover")
                .withPort(15443)
                .withNodePort(32000)
                .endPort()
                .endSpec();
    }

    private static Service loadBalancer(String ip, String hostname) {
        return failover("gloo-system", "failover", "LoadBalancer")
                .withNewStatus()
                .withNewLoadBalancer()
                .addNewIngress()
                .withIp(ip)
                .withHostname(hostname)
                .endIngress()
                .endLoadBalancer()
                .endStatus()
                .build();
    }

    private static Pod pod(String name, String node, boolean ready) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("gloo-system")
                .withName(name)
                .withLabels(SELECTOR)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build();
    }

    private static Node node(String name, String... typeAndAddress) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        var status = node.withNewStatus();
        for (int i = 0; i < typeAndAddress.length; i += 2) {
            status.addNewAddress()
                    .withType(typeAndAddress[i])
                    .withAddress(typeAndAddress[i + 1])
                    .endAddress();
        }
        return status.endStatus().build();
    }

    private GatewayAddress address(List<Service> services, List<Pod> pods, List<Node> nodes) {
        List<KubeService> decoded = services.stream()
                .map(s -> (KubeService) ObjectDecoder.decode("remote", WatchedKind.SERVICE, s, null)
                        .orElseThrow()
                        .resource())
                .sorted(Comparator.comparing(s -> s.meta().ref()))
                .toList();
        return GatewayAddresses.of(
                "remote",
                null,
                decoded,
                new KubeGatewayEnvironment(
                        resolver, Map.of("remote", new KubeGatewayEnvironment.Topology(pods, nodes))));
    }

    private Optional<HostPort> discover(List<Service> services, List<Pod> pods, List<Node> nodes) {
        return Optional.ofNullable(address(services, pods, nodes).address());
    }

    @Test
    void aLoadBalancerGivesItsIngressIpAndServicePort() {
        assertThat(discover(List.of(loadBalancer("203.0.113.10", null)), List.of(), List.of()))
                .contains(new HostPort("203.0.113.10", 15443));
    }

    @Test
    void aLoadBalancerHostnameIsResolvedAndResolvedAgain() {
        List<Service> services = List.of(loadBalancer(null, "abc.elb.example.com"));
        assertThat(discover(services, List.of(), List.of()))
                .as("not resolved yet")
                .isEmpty();
        assertThat(resolver.hasUnresolved()).isTrue();

        dns.put("abc.elb.example.com", "198.51.100.7");
        assertThat(resolver.refresh()).isTrue();
        assertThat(discover(services, List.of(), List.of())).contains(new HostPort("198.51.100.7", 15443));

        dns.put("abc.elb.example.com", "198.51.100.8");
        assertThat(resolver.refresh()).isTrue();
        assertThat(discover(services, List.of(), List.of())).contains(new HostPort("198.51.100.8", 15443));
        assertThat(resolver.refresh()).as("nothing changed").isFalse();
    }

    @Test
    void aNodePortGivesTheAddressOfANodeRunningAReadyPod() {
        List<Service> services =
                List.of(failover("gloo-system", "failover", "NodePort").build());
        List<Node> nodes = List.of(
                node("n1", "Hostname", "n1", "InternalIP", "172.18.0.2"),
                node("n2", "Hostname", "n2", "ExternalIP", "192.0.2.3", "InternalIP", "172.18.0.3"));

        assertThat(discover(services, List.of(pod("gw-a", "n1", false)), nodes))
                .as("no ready pod")
                .isEmpty();
        assertThat(discover(services, List.of(pod("gw-a", "n1", false), pod("gw-b", "n2", true)), nodes))
                .contains(new HostPort("192.0.2.3", 32000));
    }

    @Test
    void aLoadBalancerStillWithoutAddressFallsBackToItsNodePort() {
        Service pending = failover("gloo-system", "failover", "LoadBalancer").build();

        assertThat(discover(
                        List.of(pending),
                        List.of(pod("gw", "n1", true)),
                        List.of(node("n1", "InternalIP", "172.18.0.2"))))
                .contains(new HostPort("172.18.0.2", 32000));
    }

    @Test
    void podsOfAnotherNamespaceOrSelectionDoNotCount() {
        Service service = failover("gloo-system", "failover", "NodePort").build();
        Pod elsewhere = new PodBuilder(pod("gw", "n1", true))
                .editMetadata()
                .withNamespace("default")
                .endMetadata()
                .build();
        Pod unselected = new PodBuilder(pod("gw", "n1", true))
                .editMetadata()
                .withLabels(Map.of("app", "x"))
                .endMetadata()
                .build();

        assertThat(discover(
                        List.of(service),
                        List.of(elsewhere, unselected),
                        List.of(node("n1", "InternalIP", "172.18.0.2"))))
                .isEmpty();
    }

    @Test
    void aClusterIpServiceIsNotReachableFromOtherClusters() {
        GatewayAddress address =
                address(List.of(failover("gloo-system", "failover", "ClusterIP").build()), List.of(), List.of());

        assertThat(address.address()).isNull();
        assertThat(address.retry()).isFalse();
        assertThat(address.fault())
                .isEqualTo("Service gloo-system/failover on cluster remote has type ClusterIP: not reachable from"
                        + " other clusters (use LoadBalancer or NodePort)");
    }

    @Test
    void aNodePortWithoutAReadyPodWaitsSayingSo() {
        GatewayAddress address = address(
                List.of(failover("gloo-system", "failover", "NodePort").build()),
                List.of(pod("gw", "n1", false)),
                List.of(node("n1", "InternalIP", "172.18.0.2")));

        assertThat(address.retry()).as("a pod may become ready").isTrue();
        assertThat(address.fault())
                .isEqualTo("Service gloo-system/failover on cluster remote: no ready pod it selects runs on a node"
                        + " with an InternalIP or ExternalIP");
    }

    @Test
    void theFirstServiceByNamespaceAndNameWinsAsInTheTranslator() {
        Service b = failover("gloo-system", "b-failover", "LoadBalancer")
                .withNewStatus()
                .withNewLoadBalancer()
                .addNewIngress()
                .withIp("203.0.113.2")
                .endIngress()
                .endLoadBalancer()
                .endStatus()
                .build();
        Service a = failover("gloo-system", "a-failover", "LoadBalancer")
                .withNewStatus()
                .withNewLoadBalancer()
                .addNewIngress()
                .withIp("203.0.113.1")
                .endIngress()
                .endLoadBalancer()
                .endStatus()
                .build();

        assertThat(discover(List.of(b, a), List.of(), List.of())).contains(new HostPort("203.0.113.1", 15443));
    }

    @Test
    void servicesWithoutAFailoverPortAreIgnored() {
        Service web = new ServiceBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withType("LoadBalancer")
                .addNewPort()
                .withName("http")
                .withPort(80)
                .endPort()
                .endSpec()
                .build();

        assertThat(discover(List.of(web), List.of(), List.of())).isEmpty();
    }
}
