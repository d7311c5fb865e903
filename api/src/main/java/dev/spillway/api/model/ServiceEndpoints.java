package dev.spillway.api.model;

import java.util.List;

/**
 * The ready endpoints of one Service, from a {@code v1 Endpoints} or a
 * {@code discovery.k8s.io/v1 EndpointSlice} object.
 *
 * @param meta        metadata of the Endpoints/EndpointSlice object
 * @param serviceName the Service these endpoints belong to
 * @param subsets     address sets with their ports
 */
public record ServiceEndpoints(ObjectMeta meta, String serviceName, List<Subset> subsets) implements Resource {

    public ServiceEndpoints {
        subsets = List.copyOf(subsets);
    }

    @Override
    public Kind kind() {
        return Kind.ENDPOINTS;
    }

    @Override
    public ServiceEndpoints withMeta(ObjectMeta m) {
        return new ServiceEndpoints(m, serviceName, subsets);
    }

    /**
     * Addresses that all serve the same ports.
     *
     * @param addresses ready IP addresses
     * @param ports     ports served by each address
     */
    public record Subset(List<String> addresses, List<Port> ports) {
        public Subset {
            addresses = List.copyOf(addresses);
            ports = List.copyOf(ports);
        }
    }

    /**
     * A named endpoint port.
     *
     * @param name port name, matching the Service port's name
     * @param port the port number on the endpoint
     */
    public record Port(String name, int port) {}
}
