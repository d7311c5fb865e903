package dev.spillway.translator.resolve;

import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.ServiceEndpoints;
import dev.spillway.api.model.Upstream;
import dev.spillway.translator.model.UpstreamCluster.Endpoint;
import dev.spillway.translator.model.UpstreamCluster.UpstreamTls;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** The priority-0 endpoints of an upstream: static hosts, or the ready addresses of its Service. */
final class UpstreamEndpoints {
    private static final Comparator<Endpoint> ORDER =
            Comparator.comparing(Endpoint::address).thenComparingInt(Endpoint::port);

    private UpstreamEndpoints() {}

    static List<Endpoint> of(Upstream upstream, ClusterResources cluster) {
        return of(upstream, cluster, null);
    }

    /** The endpoints; static hosts that get their own SNI over {@code tls} select its transport match. */
    static List<Endpoint> of(Upstream upstream, ClusterResources cluster, UpstreamTls tls) {
        TreeSet<Endpoint> endpoints = new TreeSet<>(ORDER);
        if (upstream.statics() != null) {
            Upstream.StaticBackend statics = upstream.statics();
            for (int i = 0; i < statics.hosts().size(); i++) {
                HostPort host = statics.hosts().get(i);
                String match = StaticHostSni.matchName(statics, i, tls);
                Integer weight = statics.settings().get(i).loadBalancingWeight();
                endpoints.add(new Endpoint(host.address(), host.port(), null, match, null, weight));
            }
        } else if (upstream.kube() != null) {
            addKubeEndpoints(upstream.kube(), cluster, endpoints);
        }
        return List.copyOf(endpoints);
    }

    private static void addKubeEndpoints(Upstream.KubeBackend kube, ClusterResources cluster, TreeSet<Endpoint> into) {
        KubeService service = UpstreamDiscovery.serviceOf(cluster, kube);
        KubeService.Port servicePort = service == null
                ? null
                : service.ports().stream()
                        .filter(p -> p.port() == kube.servicePort())
                        .findFirst()
                        .orElse(null);
        for (ServiceEndpoints eps : cluster.endpoints) {
            if (!eps.serviceName().equals(kube.serviceName())
                    || !eps.meta().namespace().equals(kube.serviceNamespace())) {
                continue;
            }
            for (ServiceEndpoints.Subset subset : eps.subsets()) {
                int port = targetPort(subset, servicePort, kube.servicePort());
                if (port > 0) {
                    subset.addresses().forEach(a -> into.add(new Endpoint(a, port, null, null)));
                }
            }
        }
    }

    /** The endpoint port serving the Service port: matched by port name, as Kubernetes does. */
    private static int targetPort(ServiceEndpoints.Subset subset, KubeService.Port servicePort, int fallback) {
        String name = servicePort == null ? "" : servicePort.name();
        for (ServiceEndpoints.Port p : subset.ports()) {
            if (p.name().equals(name)) {
                return p.port();
            }
        }
        if (subset.ports().size() == 1) {
            return subset.ports().get(0).port();
        }
        if (servicePort != null && servicePort.targetPort() > 0) {
            return servicePort.targetPort();
        }
        return servicePort == null ? fallback : 0;
    }
}
