package dev.spillway.api.source;

import dev.spillway.api.codec.IpLiteral;
import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.GatewayAddress;
import dev.spillway.api.model.GatewayAddress.Origin;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceRef;
import java.util.Collection;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one rule for where other clusters reach a cluster's failover gateway: the {@code failoverAddress} of
 * its {@code Cluster} registration when written; else the first Service (by namespace, then name) with a
 * port named {@code failover}: a LoadBalancer's first ingress (an IP, or a hostname the environment
 * resolves) with the Service port; a NodePort Service, or a LoadBalancer still waiting for its ingress (as
 * on kind), at the nodePort of a node that runs a ready selected pod, where the environment knows nodes.
 * Sources supply the environment; the translator only reads the result.
 */
public final class GatewayAddresses {
    /** The port name that marks the failover gateway's Service. */
    public static final String PORT_NAME = "failover";

    /** What a source can find out beyond the resources themselves. */
    public interface Environment {
        /** The file-directory source: no DNS, no nodes. */
        Environment FILES = new Environment() {
            @Override
            public Optional<String> resolve(String hostname) {
                return Optional.empty();
            }

            @Override
            public boolean knowsNodes() {
                return false;
            }

            @Override
            public Optional<String> nodeAddress(String cluster, KubeService service) {
                return Optional.empty();
            }
        };

        /** The address of a LoadBalancer ingress hostname, once resolved. */
        Optional<String> resolve(String hostname);

        /** True when {@link #nodeAddress} can find nodes (Kubernetes mode). */
        boolean knowsNodes();

        /** An address of a node running a ready pod the Service selects. */
        Optional<String> nodeAddress(String cluster, KubeService service);
    }

    private GatewayAddresses() {}

    /** The address of every cluster the resources belong to. */
    public static SortedMap<String, GatewayAddress> of(Collection<Resource> resources, Environment environment) {
        SortedMap<String, ClusterRegistration> registrations = new TreeMap<>();
        SortedMap<String, SortedMap<ResourceRef, KubeService>> services = new TreeMap<>();
        for (Resource r : resources) {
            String cluster = r.meta().cluster();
            services.computeIfAbsent(cluster, c -> new TreeMap<>());
            if (r instanceof ClusterRegistration c) {
                registrations.put(cluster, c);
            } else if (r instanceof KubeService s) {
                services.get(cluster).put(s.meta().ref(), s);
            }
        }
        SortedMap<String, GatewayAddress> out = new TreeMap<>();
        services.forEach((cluster, byRef) ->
                out.put(cluster, of(cluster, registrations.get(cluster), byRef.values(), environment)));
        return out;
    }

    /**
     * @param registration the cluster's registration, or null
     * @param services     its Services, sorted by namespace then name
     */
    public static GatewayAddress of(
            String cluster,
            ClusterRegistration registration,
            Collection<KubeService> services,
            Environment environment) {
        if (registration != null && registration.failoverAddress() != null) {
            return GatewayAddress.found(
                    registration.failoverAddress(), Origin.WRITTEN, "failoverAddress of Cluster " + cluster, null);
        }
        for (KubeService service : services) {
            for (KubeService.Port port : service.ports()) {
                if (PORT_NAME.equals(port.name())) {
                    // The first such Service decides: never look further.
                    return fromService(cluster, service, port, environment);
                }
            }
        }
        return GatewayAddress.missing(
                "cluster " + cluster + " has no failover gateway address (no port named " + PORT_NAME
                        + " on any Service, and no failoverAddress on its Cluster)",
                false,
                null);
    }

    private static GatewayAddress fromService(
            String cluster, KubeService service, KubeService.Port port, Environment environment) {
        ResourceRef ref = service.meta().ref();
        String svc = "Service " + ref.namespace() + "/" + ref.name() + " on cluster " + cluster;
        boolean loadBalancer = service.type().equals("LoadBalancer");
        if (loadBalancer && !service.ingress().isEmpty()) {
            // An unresolved hostname waits for its address rather than switching to a node address.
            String ingress = service.ingress().get(0);
            if (IpLiteral.is(ingress)) {
                return GatewayAddress.found(
                        new HostPort(ingress, port.port()),
                        Origin.LOADBALANCER_INGRESS,
                        "LoadBalancer ingress of " + svc,
                        ref);
            }
            return environment
                    .resolve(ingress)
                    .map(a -> GatewayAddress.found(
                            new HostPort(a, port.port()),
                            Origin.LOADBALANCER_INGRESS,
                            "LoadBalancer ingress " + ingress + " of " + svc,
                            ref))
                    .orElseGet(() -> GatewayAddress.missing(
                            svc + " ingress hostname " + ingress + " is not resolved to an address yet", true, ref));
        }
        if (!loadBalancer && !service.type().equals("NodePort")) {
            return GatewayAddress.missing(
                    svc + " has type " + service.type()
                            + ": not reachable from other clusters (use LoadBalancer or NodePort)",
                    false,
                    ref);
        }
        if (!environment.knowsNodes()) {
            return loadBalancer
                    ? GatewayAddress.missing(svc + " has no LoadBalancer ingress address yet", true, ref)
                    : GatewayAddress.missing(
                            svc + " is a NodePort Service: node addresses are only known in Kubernetes mode;"
                                    + " set failoverAddress on the Cluster registration",
                            false,
                            ref);
        }
        if (port.nodePort() <= 0) {
            return loadBalancer
                    ? GatewayAddress.missing(
                            svc + " has no LoadBalancer ingress address and no nodePort yet", true, ref)
                    : GatewayAddress.missing(svc + " port " + PORT_NAME + " has no nodePort yet", true, ref);
        }
        return environment
                .nodeAddress(cluster, service)
                .map(a -> GatewayAddress.found(
                        new HostPort(a, port.nodePort()),
                        Origin.NODE_PORT,
                        "nodePort of " + svc + " on a node of a ready pod",
                        ref))
                .orElseGet(() -> GatewayAddress.missing(
                        svc + (loadBalancer ? " has no LoadBalancer ingress address yet, and" : ":")
                                + " no ready pod it selects runs on a node with an InternalIP or ExternalIP",
                        true,
                        ref));
    }
}
