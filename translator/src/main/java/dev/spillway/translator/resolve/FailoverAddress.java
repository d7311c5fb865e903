package dev.spillway.translator.resolve;

import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.KubeService;

/**
 * Where other clusters reach a cluster's failover gateway: an explicit address on the cluster
 * registration, else the Service with a port named {@code failover}.
 *
 * @param address the address, or null when there is none
 * @param fault   why there is none (empty when address is set)
 * @param retry   true when the fault may go away by itself (the scheme is FAILED, not INVALID)
 * @param origin  where the address comes from, in words (empty when there is none)
 */
record FailoverAddress(HostPort address, String fault, boolean retry, String origin) {

    FailoverAddress(HostPort address, String fault, boolean retry) {
        this(address, fault, retry, "");
    }

    static FailoverAddress of(ClusterResources cluster) {
        if (cluster.registration != null && cluster.registration.failoverAddress() != null) {
            return new FailoverAddress(
                    cluster.registration.failoverAddress(), "", false, "failoverAddress of Cluster " + cluster.name);
        }
        for (KubeService service : cluster.services.values()) {
            for (KubeService.Port port : service.ports()) {
                if (Defaults.FAILOVER_PORT_NAME.equals(port.name())) {
                    return fromService(cluster.name, service, port);
                }
            }
        }
        return invalid("cluster " + cluster.name + " has no failover gateway address (no port named "
                + Defaults.FAILOVER_PORT_NAME + " on any Service, and no failoverAddress on its Cluster)");
    }

    private static FailoverAddress fromService(String clusterName, KubeService service, KubeService.Port port) {
        String svc =
                "Service " + service.meta().namespace() + "/" + service.meta().name() + " on cluster " + clusterName;
        switch (service.type()) {
            case "LoadBalancer":
                if (service.ingress().isEmpty()) {
                    return new FailoverAddress(null, svc + " has no LoadBalancer ingress address yet", true);
                }
                String ingress = service.ingress().get(0);
                if (!looksLikeIp(ingress)) {
                    return new FailoverAddress(
                            null, svc + " ingress hostname " + ingress + " is not resolved to an address yet", true);
                }
                return new FailoverAddress(
                        new HostPort(ingress, port.port()), "", false, "LoadBalancer ingress of " + svc);
            case "NodePort":
                return invalid(svc + " is a NodePort Service: node addresses are only known in Kubernetes mode;"
                        + " set failoverAddress on the Cluster registration");
            default:
                return invalid(svc + " has type " + service.type()
                        + ": not reachable from other clusters (use LoadBalancer or NodePort)");
        }
    }

    private static FailoverAddress invalid(String fault) {
        return new FailoverAddress(null, fault, false);
    }

    private static boolean looksLikeIp(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }
}
