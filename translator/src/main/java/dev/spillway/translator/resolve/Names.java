package dev.spillway.translator.resolve;

import dev.spillway.api.model.DiscoveredUpstreams;
import dev.spillway.api.model.ResourceRef;

/** The names Spillway gives Envoy resources; the same as Gloo's, so dashboards carry over. */
public final class Names {

    private Names() {}

    /** {@code default-service-blue-10000_gloo-system}. */
    public static String cluster(ResourceRef upstream) {
        return upstream.name() + "_" + upstream.namespace();
    }

    /** {@code default-service-blue-10000}: a discovered upstream, at most 63 characters. */
    public static String discoveredUpstream(String serviceNamespace, String serviceName, int port) {
        return DiscoveredUpstreams.name(serviceNamespace, serviceName, port);
    }

    /** {@code listener-::-8080}. */
    public static String listener(String bindAddress, int port) {
        return "listener-" + bindAddress + "-" + port;
    }

    /** {@code listener-::-8080-routes}. */
    public static String routeConfig(String listenerName) {
        return listenerName + "-routes";
    }

    /** {@code gloo-system_default}. */
    public static String virtualHost(ResourceRef virtualService) {
        return virtualService.namespace() + "_" + virtualService.name();
    }

    /**
     * {@code gloo-system_default-route-0-matcher-0}, or {@code gloo-system_default-route-0-blue-matcher-0}
     * for a route named {@code blue}: Gloo's initRoutes (projects/gloo/pkg/translator/route_config.go).
     */
    public static String route(String virtualHost, int routeIndex, String routeName, int matcherIndex) {
        String generated = virtualHost + "-route-" + routeIndex;
        return routeName.isEmpty()
                ? generated + "-matcher-" + matcherIndex
                : generated + "-" + routeName + "-matcher-" + matcherIndex;
    }

    /** {@code gloo-system_failover-upstream}: SDS name of a certificate and key. */
    public static String certificateSecret(ResourceRef secret) {
        return secret.namespace() + "_" + secret.name();
    }

    /** {@code gloo-system_failover-downstream-cacert}: SDS name of a secret's CA bundle. */
    public static String validationSecret(ResourceRef secret) {
        return certificateSecret(secret) + "-cacert";
    }

    /**
     * {@code default-service-green-10000_gloo-system:local}: the twin of a cluster that fails over, with only
     * its own endpoints, which the failover gateway forwards to. The {@code :} never occurs in an upstream's
     * cluster name ({@code <name>_<namespace>}), as in the parts of a split cluster.
     */
    public static String localOnly(String clusterName) {
        return clusterName + ":local";
    }

    /** {@code 10.0.0.1_15443_p1_idx0}: the transport socket match of one failover endpoint. */
    public static String transportMatch(String address, int port, int priority, int index) {
        return address + "_" + port + "_p" + priority + "_idx" + index;
    }

    /**
     * {@code health-50p.default-service-green-10000_gloo-system}: the SNI under which a failover gateway answers
     * health checks for one of its targets as a whole, at one minimum healthy share.
     */
    public static String healthServerName(String targetCluster, double minHealthyPercentage) {
        String percent = minHealthyPercentage == Math.rint(minHealthyPercentage)
                ? Long.toString((long) minHealthyPercentage)
                : Double.toString(minHealthyPercentage).replace('.', '_');
        return "health-" + percent + "p." + targetCluster;
    }

    /** The transport socket match of a failover endpoint's whole-service health checks. */
    public static String healthTransportMatch(String transportMatch) {
        return transportMatch + "_health";
    }
}
