package dev.spillway.api.codec;

import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.ObjectMeta;
import java.util.Locale;

/** {@code spillway.dev/v1 Cluster}: a federation cluster registration. */
final class ClusterDecoder {

    private ClusterDecoder() {}

    static ClusterRegistration decode(NodeReader document, ObjectMeta meta) {
        ClusterRegistration registration = document.object("spec", spec -> spec(spec, meta));
        return registration != null
                ? registration
                : new ClusterRegistration(meta, "", "", ClusterRegistration.Network.GATEWAY, null, "");
    }

    private static ClusterRegistration spec(NodeReader spec, ObjectMeta meta) {
        String network = spec.string("network", "gateway");
        ClusterRegistration.Network parsed = ClusterRegistration.Network.GATEWAY;
        if (network.equals("flat")) {
            parsed = ClusterRegistration.Network.FLAT;
        } else if (!network.equals("gateway")) {
            spec.error("network", "must be one of gateway, flat");
        }
        HostPort failoverAddress =
                spec.object("failoverAddress", a -> new HostPort(a.requiredString("address"), a.requiredPort("port")));
        return new ClusterRegistration(
                meta, spec.string("region"), spec.string("zone"), parsed, failoverAddress, spec.string("kubeContext"));
    }

    /** The YAML word for a network mode. */
    static String networkName(ClusterRegistration.Network network) {
        return network.name().toLowerCase(Locale.ROOT);
    }
}
