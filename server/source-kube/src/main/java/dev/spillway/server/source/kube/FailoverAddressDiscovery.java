package dev.spillway.server.source.kube;

import dev.spillway.api.model.HostPort;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds where other clusters reach a cluster's failover gateway: the Service with a port named
 * {@code failover} (the first by namespace and name, as the translator picks it). A LoadBalancer
 * gives its first ingress IP, or its hostname resolved by Spillway (re-resolved periodically), with
 * the Service port; a NodePort Service (or a LoadBalancer still waiting for its address, as on kind)
 * gives the first InternalIP/ExternalIP of a node running a ready pod the Service selects, with the
 * nodePort. The translator only knows LoadBalancer IPs; the source hands it the rest as a
 * {@code Cluster} registration.
 */
public final class FailoverAddressDiscovery {

    /** The port name that marks the failover gateway's Service. */
    public static final String PORT_NAME = "failover";

    private static final Set<String> NODE_ADDRESS_TYPES = Set.of("InternalIP", "ExternalIP");
    private static final Comparator<Service> REF_ORDER = Comparator.comparing(
                    (Service s) -> s.getMetadata().getNamespace(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(s -> s.getMetadata().getName());

    private final HostnameResolver resolver;

    FailoverAddressDiscovery(HostnameResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * A discovered address and where it came from.
     *
     * @param address the failover gateway's address and port
     * @param source  how it was found, for logs ({@code Service gloo-system/failover LoadBalancer ingress})
     */
    public record Found(HostPort address, String source) {}

    /**
     * The failover gateway address of one cluster, from its objects.
     *
     * @return the address, or nothing when no usable Service with a port named {@code failover} exists
     */
    public Optional<Found> discover(Collection<Service> services, Collection<Pod> pods, Collection<Node> nodes) {
        for (Service service : services.stream().sorted(REF_ORDER).toList()) {
            Optional<ServicePort> port = failoverPort(service);
            if (port.isPresent()) {
                // The translator uses the first such Service too: never look further.
                return fromService(service, port.get(), pods, nodes);
            }
        }
        return Optional.empty();
    }

    private static Optional<ServicePort> failoverPort(Service service) {
        if (service.getSpec() == null || service.getSpec().getPorts() == null) {
            return Optional.empty();
        }
        return service.getSpec().getPorts().stream()
                .filter(p -> PORT_NAME.equals(p.getName()))
                .findFirst();
    }

    private Optional<Found> fromService(
            Service service, ServicePort port, Collection<Pod> pods, Collection<Node> nodes) {
        String type = Objects.requireNonNullElse(service.getSpec().getType(), "ClusterIP");
        String svc = "Service " + service.getMetadata().getNamespace() + "/"
                + service.getMetadata().getName();
        Optional<LoadBalancerIngress> ingress = ingress(service);
        if (type.equals("LoadBalancer") && ingress.isPresent()) {
            // An unresolved hostname waits for its address rather than switching to a node address.
            return fromIngress(svc, ingress.get(), port.getPort());
        }
        if (!type.equals("LoadBalancer") && !type.equals("NodePort")) {
            return Optional.empty();
        }
        Integer nodePort = port.getNodePort();
        if (nodePort == null || nodePort <= 0) {
            return Optional.empty();
        }
        return nodeAddress(service, pods, nodes)
                .map(a -> new Found(new HostPort(a, nodePort), svc + " nodePort on a node of a ready pod"));
    }

    private static Optional<LoadBalancerIngress> ingress(Service service) {
        if (service.getStatus() == null
                || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return Optional.empty();
        }
        return service.getStatus().getLoadBalancer().getIngress().stream().findFirst();
    }

    private Optional<Found> fromIngress(String svc, LoadBalancerIngress ingress, int port) {
        if (ingress.getIp() != null && !ingress.getIp().isEmpty()) {
            return Optional.of(new Found(new HostPort(ingress.getIp(), port), svc + " LoadBalancer ingress"));
        }
        String hostname = ingress.getHostname();
        if (hostname == null || hostname.isEmpty()) {
            return Optional.empty();
        }
        return resolver.address(hostname)
                .map(a -> new Found(new HostPort(a, port), svc + " LoadBalancer ingress " + hostname));
    }

    /** The first InternalIP/ExternalIP of the first node (by pod name) running a ready selected pod. */
    private static Optional<String> nodeAddress(Service service, Collection<Pod> pods, Collection<Node> nodes) {
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Node> nodesByName =
                nodes.stream().collect(Collectors.toMap(n -> n.getMetadata().getName(), n -> n, (a, b) -> a));
        List<Pod> ready = pods.stream()
                .filter(p -> Objects.equals(
                        p.getMetadata().getNamespace(), service.getMetadata().getNamespace()))
                .filter(p -> selects(selector, p))
                .filter(FailoverAddressDiscovery::ready)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
        for (Pod pod : ready) {
            Optional<String> address = Optional.ofNullable(
                            nodesByName.get(pod.getSpec().getNodeName()))
                    .flatMap(FailoverAddressDiscovery::firstAddress);
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
