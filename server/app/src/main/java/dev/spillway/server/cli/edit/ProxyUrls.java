package dev.spillway.server.cli.edit;

import dev.spillway.api.model.Gateway;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The URL {@code glooctl proxy url} prints: where a client outside the cluster reaches a port of the
 * gateway proxy's Service, or in file mode the listener of the proxy's HTTP Gateway.
 */
public final class ProxyUrls {

    /** The node address kinds, best first, for a NodePort reached from outside. */
    private static final List<String> NODE_ADDRESS_TYPES = List.of("ExternalIP", "InternalIP", "Hostname");

    private ProxyUrls() {}

    /**
     * The port of a Service, by name or number.
     *
     * @throws EditException naming the Service and its ports when there is no such port
     */
    public static ServicePort port(Service service, String port) {
        List<ServicePort> ports =
                service.getSpec() == null ? List.of() : service.getSpec().getPorts();
        return ports.stream()
                .filter(p -> port.equals(p.getName()) || port.equals(String.valueOf(p.getPort())))
                .findFirst()
                .orElseThrow(() ->
                        new EditException("Service " + service.getMetadata().getNamespace() + "/"
                                + service.getMetadata().getName() + " has no port " + port + " (its ports: "
                                + String.join(
                                        ", ",
                                        ports.stream()
                                                .map(p -> (p.getName() == null ? "" : p.getName() + " ") + p.getPort())
                                                .toList())
                                + ")"));
    }

    /** The first load-balancer ingress address (IP, else hostname), if the load balancer has one yet. */
    public static Optional<String> loadBalancerAddress(Service service) {
        if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null) {
            return Optional.empty();
        }
        for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
            if (ingress.getIp() != null && !ingress.getIp().isEmpty()) {
                return Optional.of(ingress.getIp());
            }
            if (ingress.getHostname() != null && !ingress.getHostname().isEmpty()) {
                return Optional.of(ingress.getHostname());
            }
        }
        return Optional.empty();
    }

    /**
     * A node address to reach a NodePort on: the node of a running pod behind the Service when there
     * is one (the node surely forwards), else the first node by name; its external IP, else its
     * internal IP, else its hostname.
     *
     * @param pods  the pods the Service selects
     * @param nodes the cluster's nodes
     */
    public static Optional<String> nodeAddress(List<Pod> pods, List<Node> nodes) {
        List<Node> sorted = nodes.stream()
                .sorted(Comparator.comparing(n -> n.getMetadata().getName()))
                .toList();
        for (Pod pod : pods.stream()
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList()) {
            boolean running =
                    pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (!running) {
                continue;
            }
            Optional<String> address = sorted.stream()
                    .filter(n -> n.getMetadata().getName().equals(nodeName))
                    .findFirst()
                    .flatMap(ProxyUrls::address);
            if (address.isPresent()) {
                return address;
            }
            if (pod.getStatus().getHostIP() != null
                    && !pod.getStatus().getHostIP().isEmpty()) {
                return Optional.of(pod.getStatus().getHostIP());
            }
        }
        return sorted.stream().map(ProxyUrls::address).flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> address(Node node) {
        List<NodeAddress> addresses =
                node.getStatus() == null ? List.of() : node.getStatus().getAddresses();
        for (String type : NODE_ADDRESS_TYPES) {
            Optional<String> found = addresses.stream()
                    .filter(a -> type.equals(a.getType()))
                    .map(NodeAddress::getAddress)
                    .filter(Objects::nonNull)
                    .filter(a -> !a.isEmpty())
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The HTTP Gateway a proxy serves {@code port} on, in file mode: {@code http} (or empty) for its
     * HTTP listener, a number for the one bound to that port. Among several, the one named like the
     * proxy (Gloo's default Gateway), else the lowest port.
     *
     * @param where names the cluster directory, for errors
     */
    public static Gateway httpGateway(List<Gateway> gateways, String proxy, String port, String where) {
        List<Gateway> http = gateways.stream()
                .filter(g -> g.http() != null && g.proxyNames().contains(proxy))
                .filter(g -> port.isEmpty() || port.equals("http") || port.equals(String.valueOf(g.bindPort())))
                .sorted(Comparator.comparing((Gateway g) -> !g.meta().name().equals(proxy))
                        .thenComparingInt(Gateway::bindPort)
                        .thenComparing(
                                g -> g.meta().namespace() + "/" + g.meta().name()))
                .toList();
        if (http.isEmpty()) {
            throw new EditException("no HTTP Gateway"
                    + (port.isEmpty() || port.equals("http") ? "" : " on port " + port)
                    + " for proxy " + proxy + " in " + where + " (Gateways: "
                    + (gateways.isEmpty()
                            ? "none"
                            : String.join(
                                    ", ",
                                    gateways.stream()
                                            .map(g -> g.meta().namespace() + "/"
                                                    + g.meta().name() + (g.http() != null ? " http " : " tcp ")
                                                    + g.bindPort() + " " + g.proxyNames())
                                            .toList()))
                    + ")");
        }
        return http.get(0);
    }

    /** The URL of a Gateway's listener from this machine: loopback when it binds every address. */
    public static String url(Gateway gateway) {
        String address = gateway.bindAddress();
        boolean any = address.isEmpty()
                || address.equals("::")
                || address.equals("0.0.0.0")
                || address.equals("::0")
                || address.equals("0:0:0:0:0:0:0:0");
        return url("http", any ? "127.0.0.1" : address, gateway.bindPort());
    }

    /** {@code scheme://host:port}, with an IPv6 address in brackets. */
    public static String url(String scheme, String host, int port) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port;
    }

    /** {@code https} for a port named like HTTPS ({@code https}, {@code https-x}), else {@code http}. */
    public static String scheme(ServicePort port) {
        String name = port.getName() == null ? "" : port.getName();
        return name.equals("https") || name.startsWith("https-") || port.getPort() == 443 ? "https" : "http";
    }
}
