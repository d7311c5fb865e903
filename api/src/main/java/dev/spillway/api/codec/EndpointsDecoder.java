package dev.spillway.api.codec;

import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ServiceEndpoints;
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
                        subset.list("addresses", address -> address.requiredString("ip")),
                        subset.list("ports", EndpointsDecoder::port)));
        return new ServiceEndpoints(meta, meta.name(), subsets);
    }

    /** {@code EndpointSlice}: one subset of its ready endpoints. */
    static ServiceEndpoints slice(NodeReader document, ObjectMeta meta) {
        String serviceName = meta.labels().getOrDefault(SERVICE_NAME_LABEL, "");
        if (serviceName.isEmpty()) {
            document.error("metadata.labels." + SERVICE_NAME_LABEL, "is required");
        }
        List<List<String>> addresses =
                document.list("endpoints", endpoint -> ready(endpoint) ? endpoint.strings("addresses") : List.of());
        // A slice port without a number means "all ports", which no Envoy endpoint can use.
        List<ServiceEndpoints.Port> ports = document.list("ports", port -> port.has("port") ? port(port) : null);
        ServiceEndpoints.Subset subset = new ServiceEndpoints.Subset(
                addresses.stream().flatMap(List::stream).toList(), ports);
        return new ServiceEndpoints(meta, serviceName, List.of(subset));
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
