package dev.spillway.translator.resolve;

import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.Upstream;
import java.util.List;

/**
 * Makes one Upstream per Service port, named as Gloo's discovery names them
 * ({@code default-service-blue-10000} in {@code gloo-system}). A hand-written Upstream of the same
 * name wins over a discovered one, even when it is Rejected.
 */
final class UpstreamDiscovery {
    private UpstreamDiscovery() {}

    static void discoverInto(ClusterResources cluster, StatusBook book) {
        for (KubeService service : List.copyOf(cluster.services.values())) {
            if ("ExternalName".equals(service.type())) {
                continue;
            }
            for (KubeService.Port port : service.ports()) {
                Upstream discovered = upstreamFor(cluster.name, service, port);
                // A Rejected hand-written Upstream keeps its name: its traffic never falls back to a
                // discovered one without the health checks the user wrote.
                ResourceRef ref = discovered.meta().ref();
                if (!cluster.unreadableUpstreams.contains(ref)) {
                    cluster.upstreams.putIfAbsent(ref, discovered);
                } else {
                    book.error(
                            discovered.key(),
                            "",
                            "no Envoy cluster " + Names.cluster(ref) + " is published: the Upstream discovered from"
                                    + " Service " + service.meta().namespace() + "/"
                                    + service.meta().name()
                                    + " does not replace it");
                }
            }
        }
    }

    private static Upstream upstreamFor(String clusterName, KubeService service, KubeService.Port port) {
        ObjectMeta svc = service.meta();
        String name = Names.discoveredUpstream(svc.namespace(), svc.name(), port.port());
        ObjectMeta meta = new ObjectMeta(
                clusterName, Defaults.INSTALL_NAMESPACE, name, svc.labels(), 0, svc.creationTimestamp(), svc.seen());
        Upstream.KubeBackend kube =
                new Upstream.KubeBackend(svc.name(), svc.namespace(), port.port(), service.selector());
        return new Upstream(meta, kube, null, List.of(), null, null, null, null, true);
    }

    /** The Service behind a kube upstream, or null. */
    static KubeService serviceOf(ClusterResources cluster, Upstream.KubeBackend kube) {
        return cluster.services.get(new ResourceRef(kube.serviceName(), kube.serviceNamespace()));
    }
}
