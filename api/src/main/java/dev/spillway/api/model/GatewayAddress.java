package dev.spillway.api.model;

/**
 * Where other clusters reach one cluster's failover gateway, as its source found it, or why nothing
 * reaches it.
 *
 * @param address where to connect, or null when there is none
 * @param origin  what the address was learned from
 * @param from    that origin in words ({@code LoadBalancer ingress of Service gloo-system/failover on cluster
 *                remote}), empty when there is no address
 * @param fault   why there is no address, empty when there is one
 * @param retry   true when the fault may go away by itself (an address not assigned yet)
 * @param service the Service exposing the gateway, or null when the address was written
 */
public record GatewayAddress(
        HostPort address, Origin origin, String from, String fault, boolean retry, ResourceRef service) {

    /** What an address was learned from. */
    public enum Origin {
        /** The {@code failoverAddress} of the cluster's {@code Cluster} registration. */
        WRITTEN,
        /** The first ingress of a LoadBalancer Service (an IP, or a hostname resolved by the source). */
        LOADBALANCER_INGRESS,
        /** The nodePort on a node that runs a ready pod the Service selects (Kubernetes mode only). */
        NODE_PORT,
        /** No address. */
        NONE
    }

    public static GatewayAddress found(HostPort address, Origin origin, String from, ResourceRef service) {
        return new GatewayAddress(address, origin, from, "", false, service);
    }

    public static GatewayAddress missing(String fault, boolean retry, ResourceRef service) {
        return new GatewayAddress(null, Origin.NONE, "", fault, retry, service);
    }

    /** True when the address was found in the cluster rather than written on its registration. */
    public boolean discovered() {
        return origin == Origin.LOADBALANCER_INGRESS || origin == Origin.NODE_PORT;
    }
}
