package dev.spillway.api.model;

import java.util.List;
import java.util.Map;

/**
 * A Kubernetes {@code v1 Service}: the source of discovered Upstreams and of failover gateway
 * addresses.
 *
 * @param meta      metadata
 * @param type      ClusterIP, NodePort, LoadBalancer or ExternalName
 * @param selector  pod selector
 * @param ports     ports in order
 * @param ingress   LoadBalancer ingress addresses (IP or hostname), in order
 */
public record KubeService(
        ObjectMeta meta, String type, Map<String, String> selector, List<Port> ports, List<String> ingress)
        implements Resource {

    public KubeService {
        selector = Map.copyOf(selector);
        ports = List.copyOf(ports);
        ingress = List.copyOf(ingress);
    }

    @Override
    public Kind kind() {
        return Kind.SERVICE;
    }

    @Override
    public KubeService withMeta(ObjectMeta m) {
        return new KubeService(m, type, selector, ports, ingress);
    }

    /**
     * One {@code spec.ports[]} entry.
     *
     * @param name       port name, may be empty
     * @param port       the Service port
     * @param targetPort numeric target port, or 0 when it is a name (see {@code targetPortName})
     * @param targetPortName named target port, empty when numeric
     * @param nodePort   node port, 0 when none
     */
    public record Port(String name, int port, int targetPort, String targetPortName, int nodePort) {}
}
