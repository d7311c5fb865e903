package dev.spillway.api.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/** Kubernetes {@code v1 Service}: only what discovery and failover gateway addresses need. */
final class ServiceDecoder {

    static final String DEFAULT_TYPE = "ClusterIP";

    private ServiceDecoder() {}

    static KubeService decode(NodeReader document, ObjectMeta meta) {
        KubeService fromSpec = document.object(
                "spec",
                spec -> new KubeService(
                        meta,
                        spec.string("type", DEFAULT_TYPE),
                        spec.stringMap("selector"),
                        spec.list("ports", ServiceDecoder::port),
                        ingress(document)));
        return fromSpec != null
                ? fromSpec
                : new KubeService(meta, DEFAULT_TYPE, Map.of(), List.of(), ingress(document));
    }

    private static KubeService.Port port(NodeReader port) {
        String name = port.string("name");
        int number = port.requiredPort("port");
        int nodePort = port.has("nodePort") ? port.requiredPort("nodePort") : 0;
        JsonNode target = port.raw("targetPort");
        if (target != null && target.isTextual()) {
            return new KubeService.Port(name, number, 0, target.textValue(), nodePort);
        }
        Integer targetPort = port.port("targetPort");
        return new KubeService.Port(name, number, targetPort == null ? number : targetPort, "", nodePort);
    }

    /** {@code status.loadBalancer.ingress[]}: the IP, or the hostname where there is no IP. */
    private static List<String> ingress(NodeReader document) {
        List<String> ingress = document.object(
                "status",
                status -> status.object(
                        "loadBalancer",
                        lb -> lb.list("ingress", i -> {
                            String ip = i.string("ip");
                            String hostname = i.string("hostname");
                            return !ip.isEmpty() ? ip : hostname.isEmpty() ? null : hostname;
                        })));
        return ingress == null ? List.of() : ingress;
    }
}
