package dev.spillway.api.codec;

import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ServiceEndpoints;
import java.util.ArrayList;
import java.util.List;

/** Kubernetes {@code v1 Endpoints} and {@code discovery.k8s.io/v1 EndpointSlice}: the ready addresses. */
final class EndpointsDecoder {

    /** The label that ties an EndpointSlice to its Service. */
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private EndpointsDecoder() {}

    /** {@code v1 Endpoints}: named after its Service; {@code notReadyAddresses} are left out. */
    static ServiceEndpoints endpoints(NodeReader document, ObjectMeta meta) {
        List<ServiceEndpoints.Subset> subsets = document.list(
                "subsets",
                subset -> new ServiceEndpoints.Subset(
                        subset.list("addresses", address -> usable(address, "ip", address.string("ip"))),
                        subset.list("ports", EndpointsDecoder::port)));
        return new ServiceEndpoints(meta, meta.name(), subsets);
    }

    /** {@code EndpointSlice}: one subset of its ready endpoints. */
    static ServiceEndpoints slice(NodeReader document, ObjectMeta meta) {
        String serviceName = meta.labels().getOrDefault(SERVICE_NAME_LABEL, "");
        if (serviceName.isEmpty()) {
            document.error("metadata.labels." + SERVICE_NAME_LABEL, "is required");
        }
        List<List<String>> addresses = document.list("endpoints", endpoint -> {
            List<String> written = endpoint.strings("addresses");
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < written.size(); i++) {
                String address = usable(endpoint, "addresses[" + i + "]", written.get(i));
                if (address != null) {
                    kept.add(address);
                }
            }
            return ready(endpoint) ? kept : List.of();
        });
        // A slice port without a number means "all ports", which no Envoy endpoint can use.
        List<ServiceEndpoints.Port> ports = document.list("ports", port -> port.has("port") ? port(port) : null);
        ServiceEndpoints.Subset subset = new ServiceEndpoints.Subset(
                addresses.stream().flatMap(List::stream).toList(), ports);
        return new ServiceEndpoints(meta, serviceName, List.of(subset));
    }

    /**
     * The address when it is an IP literal, else null with a Warning naming it: Envoy's EDS takes IP addresses
     * only (EdsClusterImpl resolves no names), so one bad address is left out rather than the whole Service.
     */
    private static String usable(NodeReader reader, String field, String address) {
        if (IpLiteral.is(address)) {
            return address;
        }
        reader.warn(
                field,
                (address.isEmpty() ? "is empty" : address + " is not an IP address")
                        + ": left out, the other addresses are used");
        return null;
    }

    /** Kubernetes: an absent {@code conditions.ready} means ready. */
    private static boolean ready(NodeReader endpoint) {
        Boolean ready = endpoint.object("conditions", c -> !c.has("ready") || c.bool("ready"));
        return ready == null || ready;
    }

    private static ServiceEndpoints.Port port(NodeReader port) {
        return new ServiceEndpoints.Port(port.string("name"), port.requiredPort("port"));
    }
}
