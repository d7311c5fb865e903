package dev.spillway.server.source.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.translator.Translation;
import dev.spillway.translator.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** The user guide's scenario on two mock clusters, and how to look at what it yields. */
public final class Guide {

    public static final String BLUE = "default-service-blue-10000";
    public static final String GREEN = "default-service-green-10000";
    public static final String BLUE_CLUSTER = BLUE + "_gloo-system";
    public static final ProxyGroup LOCAL_PROXY = new ProxyGroup("local", "gateway-proxy");
    public static final String LOAD_BALANCER_ADDRESS = "203.0.113.10:15443";
    public static final String NODE_PORT_ADDRESS = "172.18.0.3:32000";

    /** Outage noticed after 1 s down, checked every 100 ms. */
    public static final KubeSourceOptions FAST = fast(List.of(), Duration.ofSeconds(30));

    /** {@link #FAST} watching only the given namespaces (none: all), waiting this long for the first read. */
    public static KubeSourceOptions fast(List<String> namespaces, Duration syncTimeout) {
        return new KubeSourceOptions(
                namespaces,
                syncTimeout,
                Duration.ofSeconds(1),
                Duration.ofMillis(100),
                KubeSourceOptions.DEFAULTS.resolveInterval());
    }

    private Guide() {}

    /** Everything the guide creates in {@code local}, plus a Secret that is not Spillway's. */
    public static void applyLocal(MockCluster local) {
        local.apply(
                "local/secret-failover-upstream.yaml",
                "local/secret-opaque.yaml",
                "local/service-blue.yaml",
                "local/upstream-blue.yaml",
                "local/failover-scheme.yaml",
                "local/virtual-service.yaml",
                "local/gateway.yaml");
    }

    /** Everything the guide creates in {@code remote}, the failover Service as a LoadBalancer or NodePort. */
    public static void applyRemote(MockCluster remote, boolean nodePort) {
        remote.apply(
                "remote/secret-failover-downstream.yaml",
                "remote/service-green.yaml",
                nodePort ? "remote/failover-gateway-nodeport.yaml" : "remote/failover-gateway.yaml");
    }

    public static ResourceKey key(Kind kind, String cluster, String namespace, String name) {
        return new ResourceKey(kind, cluster, namespace, name);
    }

    /** Waits up to 10 s for the source's inventory to satisfy the condition. */
    public static Inventory await(KubeSource source, String what, Predicate<Inventory> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Inventory inventory = source.current();
            if (condition.test(inventory)) {
                return inventory;
            }
            sleep(20);
        }
        return fail("timed out waiting for " + what + "; inventory: "
                + source.current().entries().keySet());
    }

    /**
     * Waits up to 10 s until every informer of the source watches. The mock sends a watch only what happens after
     * it opened (an API server sends what happened since the listed version), and a server stopped while a watch
     * opens leaves that watch hanging: a test changes or stops a cluster only once it is watched.
     */
    public static void awaitWatching(KubeSource source) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!source.watching() && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(source.watching()).as("every informer watching").isTrue();
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Envoy cluster of an upstream in a proxy group. */
    public static Cluster cluster(Translation translation, ProxyGroup group, String name) {
        XdsResources xds = translation.groups().get(group);
        if (xds == null) {
            return fail(
                    "no proxy group " + group + " in " + translation.groups().keySet());
        }
        return xds.clusters().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseGet(() -> fail("no cluster " + name + " in " + group));
    }

    /** The load assignment of an upstream's Envoy cluster in a proxy group. */
    public static ClusterLoadAssignment endpoints(Translation translation, ProxyGroup group, String clusterName) {
        String edsName =
                cluster(translation, group, clusterName).getEdsClusterConfig().getServiceName();
        return translation.groups().get(group).endpoints().stream()
                .filter(e -> e.getClusterName().equals(edsName))
                .findFirst()
                .orElseGet(() -> fail("no endpoints " + edsName + " in " + group));
    }

    /** {@code ip:port} of every endpoint at one priority. */
    public static List<String> addresses(ClusterLoadAssignment assignment, int priority) {
        return localities(assignment, priority).stream()
                .flatMap(l -> l.getLbEndpointsList().stream())
                .map(LbEndpoint::getEndpoint)
                .map(e -> e.getAddress().getSocketAddress().getAddress() + ":"
                        + e.getAddress().getSocketAddress().getPortValue())
                .toList();
    }

    public static List<LocalityLbEndpoints> localities(ClusterLoadAssignment assignment, int priority) {
        return assignment.getEndpointsList().stream()
                .filter(l -> l.getPriority() == priority)
                .toList();
    }
}
