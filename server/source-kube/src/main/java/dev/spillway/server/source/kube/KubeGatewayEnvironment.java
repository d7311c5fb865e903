package dev.spillway.server.source.kube;

import dev.spillway.api.model.KubeService;
import dev.spillway.api.source.GatewayAddresses;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What Kubernetes mode knows beyond the resources when {@link GatewayAddresses} finds a failover gateway:
 * LoadBalancer hostnames resolved by Spillway (re-resolved periodically, never blocking on DNS), and the
 * nodes that run the gateway's ready pods, for a NodePort Service or a LoadBalancer still waiting for its
 * address (as on kind).
 */
final class KubeGatewayEnvironment implements GatewayAddresses.Environment {
    private static final Set<String> NODE_ADDRESS_TYPES = Set.of("InternalIP", "ExternalIP");

    /**
     * One cluster's pods and nodes.
     *
     * @param pods  its pods (only the failover gateway's are looked at)
     * @param nodes its nodes
     */
    record Topology(Collection<Pod> pods, Collection<Node> nodes) {}

    private final HostnameResolver resolver;
    private final Map<String, Topology> clusters;

    KubeGatewayEnvironment(HostnameResolver resolver, Map<String, Topology> clusters) {
        this.resolver = resolver;
        this.clusters = Map.copyOf(clusters);
    }

    @Override
    public Optional<String> resolve(String hostname) {
        return resolver.address(hostname);
    }

    @Override
    public boolean knowsNodes() {
        return true;
    }

    /** The first InternalIP/ExternalIP of the first node (by pod name) running a ready selected pod. */
    @Override
    public Optional<String> nodeAddress(String cluster, KubeService service) {
        Topology topology = clusters.get(cluster);
        Map<String, String> selector = service.selector();
        if (topology == null || selector.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Node> nodesByName = topology.nodes().stream()
                .collect(Collectors.toMap(n -> n.getMetadata().getName(), n -> n, (a, b) -> a));
        List<Pod> ready = topology.pods().stream()
                .filter(p -> Objects.equals(
                        p.getMetadata().getNamespace(), service.meta().namespace()))
                .filter(p -> selects(selector, p))
                .filter(KubeGatewayEnvironment::ready)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
        for (Pod pod : ready) {
            Optional<String> address = Optional.ofNullable(
                            nodesByName.get(pod.getSpec().getNodeName()))
                    .flatMap(KubeGatewayEnvironment::firstAddress);
            if (address.isPresent()) {
                return address;
            }
        }
        return Optional.empty();
    }

    private static boolean selects(Map<String, String> selector, Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    private static boolean ready(Pod pod) {
        if (pod.getSpec() == null
                || pod.getSpec().getNodeName() == null
                || pod.getStatus() == null
                || !"Running".equals(pod.getStatus().getPhase())
                || pod.getStatus().getConditions() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Optional<String> firstAddress(Node node) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return Optional.empty();
        }
        return node.getStatus().getAddresses().stream()
                .filter(a -> NODE_ADDRESS_TYPES.contains(a.getType()))
                .map(NodeAddress::getAddress)
                .filter(a -> a != null && !a.isEmpty())
                .findFirst();
    }
}
