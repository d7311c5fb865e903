package dev.spillway.server.source.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spillway.api.model.DiscoveredUpstreams;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.source.Inventory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gloo's upstream discovery, written to the API as Gloo's discovery writes it: for every Service port
 * of a cluster, an Upstream {@code <ns>-<svc>-<port>} in {@code gloo-system} labelled
 * {@code discovered_by: kubernetesplugin} (with the Service's labels), so that {@code kubectl get
 * upstreams} lists it and {@code kubectl patch upstream} configures it.
 *
 * <p>Discovery owns only what it derives from the Service: the labels and, at creation, {@code spec.kube}.
 * Everything a user sets on a discovered Upstream (health checks, TLS, outlier detection, load balancer
 * config, even the selector) survives rediscovery, as Gloo's {@code UpdateUpstream} keeps whatever
 * discovery did not set (solo-io/gloo {@code projects/gloo/pkg/plugins/kubernetes/uds_convert.go},
 * {@code projects/gloo/pkg/plugins/utils/update_upstream_spec.go}): changes are JSON merge patches of the
 * labels only. A discovered Upstream whose Service is gone is deleted; an Upstream without the label
 * (written by a user) is never touched.
 *
 * <p>Works from the inventory, so it never lists anything itself; the writes come back through the
 * informers. Calls are serialized; run them off the reconcile thread.
 */
public final class UpstreamWriter {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one round did.
     *
     * @param created Upstreams created for new Service ports
     * @param patched discovered Upstreams whose labels followed their Service's
     * @param deleted discovered Upstreams whose Service port is gone
     * @param failed  writes that failed; tried again next round
     */
    public record Result(int created, int patched, int deleted, int failed) {}

    /** What discovery wants for one Upstream. */
    private record Desired(KubeService service, KubeService.Port port, Map<String, String> labels) {}

    private final Function<String, Optional<KubernetesClient>> clients;
    private final Predicate<String> writesTo;
    private final BooleanSupplier leader;

    /**
     * @param clients  the client reaching a federation cluster now
     * @param writesTo true for the clusters this install writes discovered Upstreams to
     * @param leader   true while this replica may write
     */
    public UpstreamWriter(
            Function<String, Optional<KubernetesClient>> clients, Predicate<String> writesTo, BooleanSupplier leader) {
        this.clients = clients;
        this.writesTo = writesTo;
        this.leader = leader;
    }

    /** Writes what changed in every cluster this install writes to. */
    public synchronized Result write(Inventory inventory) {
        Result total = new Result(0, 0, 0, 0);
        if (!leader.getAsBoolean()) {
            return total;
        }
        TreeSet<String> clusters = new TreeSet<>();
        inventory.entries().keySet().forEach(k -> clusters.add(k.cluster()));
        for (String cluster : clusters) {
            Optional<KubernetesClient> client = clients.apply(cluster);
            if (writesTo.test(cluster) && client.isPresent()) {
                Result r = writeCluster(cluster, client.get(), inventory);
                total = new Result(
                        total.created() + r.created(),
                        total.patched() + r.patched(),
                        total.deleted() + r.deleted(),
                        total.failed() + r.failed());
            }
        }
        if (total.created() + total.patched() + total.deleted() + total.failed() > 0) {
            LOG.info(
                    "discovered Upstreams: {} created, {} updated, {} deleted, {} failed",
                    total.created(),
                    total.patched(),
                    total.deleted(),
                    total.failed());
        }
        return total;
    }

    private Result writeCluster(String cluster, KubernetesClient client, Inventory inventory) {
        Map<String, Desired> desired = desired(cluster, inventory);
        Map<String, Inventory.Entry> existing = new TreeMap<>();
        inventory.entries().forEach((key, entry) -> {
            if (key.kind() == Kind.UPSTREAM
                    && key.cluster().equals(cluster)
                    && key.namespace().equals(DiscoveredUpstreams.INSTALL_NAMESPACE)) {
                existing.put(key.name(), entry);
            }
        });
        int created = 0;
        int patched = 0;
        int deleted = 0;
        int failed = 0;
        NonNamespaceOperation<
                        GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                upstreams = client.genericKubernetesResources(WatchedKind.UPSTREAM.context())
                        .inNamespace(DiscoveredUpstreams.INSTALL_NAMESPACE);
        for (Map.Entry<String, Desired> want : desired.entrySet()) {
            String name = want.getKey();
            Inventory.Entry have = existing.get(name);
            try {
                if (have == null) {
                    upstreams.resource(object(name, want.getValue())).create();
                    LOG.info(
                            "Upstream {}/{}/{} created for Service {}/{} port {}",
                            cluster,
                            DiscoveredUpstreams.INSTALL_NAMESPACE,
                            name,
                            want.getValue().service().meta().namespace(),
                            want.getValue().service().meta().name(),
                            want.getValue().port().port());
                    created++;
                } else if (have.resource() instanceof Upstream u
                        && DiscoveredUpstreams.discovered(u.meta().labels())
                        && !u.meta().labels().equals(want.getValue().labels())) {
                    upstreams
                            .withName(name)
                            .patch(
                                    PatchContext.of(PatchType.JSON_MERGE),
                                    labelsPatch(
                                            u.meta().labels(), want.getValue().labels()));
                    patched++;
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    LOG.warn(
                            "Upstream {}/{}/{}: cannot write the discovered Upstream: {}",
                            cluster,
                            DiscoveredUpstreams.INSTALL_NAMESPACE,
                            name,
                            e.getMessage());
                    failed++;
                }
            }
        }
        for (Map.Entry<String, Inventory.Entry> have : existing.entrySet()) {
            if (desired.containsKey(have.getKey())
                    || !(have.getValue().resource() instanceof Upstream u)
                    || !DiscoveredUpstreams.discovered(u.meta().labels())) {
                continue;
            }
            try {
                upstreams.withName(have.getKey()).delete();
                LOG.info(
                        "Upstream {}/{}/{} deleted: its Service port is gone",
                        cluster,
                        DiscoveredUpstreams.INSTALL_NAMESPACE,
                        have.getKey());
                deleted++;
            } catch (KubernetesClientException e) {
                LOG.warn(
                        "Upstream {}/{}/{}: cannot delete the discovered Upstream: {}",
                        cluster,
                        DiscoveredUpstreams.INSTALL_NAMESPACE,
                        have.getKey(),
                        e.getMessage());
                failed++;
            }
        }
        return new Result(created, patched, deleted, failed);
    }

    /** One Upstream per port of every Service (but ExternalName ones) of the cluster, by name. */
    private static Map<String, Desired> desired(String cluster, Inventory inventory) {
        Map<String, Desired> out = new TreeMap<>();
        for (Map.Entry<ResourceKey, Inventory.Entry> e : inventory.entries().entrySet()) {
            if (e.getKey().kind() != Kind.SERVICE
                    || !e.getKey().cluster().equals(cluster)
                    || !(e.getValue().resource() instanceof KubeService service)
                    || "ExternalName".equals(service.type())) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>(service.meta().labels());
            labels.put(DiscoveredUpstreams.DISCOVERED_BY, DiscoveredUpstreams.KUBERNETES_PLUGIN);
            for (KubeService.Port port : service.ports()) {
                out.putIfAbsent(
                        DiscoveredUpstreams.name(
                                service.meta().namespace(), service.meta().name(), port.port()),
                        new Desired(service, port, labels));
            }
        }
        return out;
    }

    private static GenericKubernetesResource object(String name, Desired want) {
        Map<String, Object> kube = new LinkedHashMap<>();
        kube.put("serviceName", want.service().meta().name());
        kube.put("serviceNamespace", want.service().meta().namespace());
        kube.put("servicePort", want.port().port());
        if (!want.service().selector().isEmpty()) {
            kube.put("selector", new TreeMap<>(want.service().selector()));
        }
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion(WatchedKind.UPSTREAM.apiVersion());
        object.setKind(WatchedKind.UPSTREAM.kindName());
        object.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(name)
                .withNamespace(DiscoveredUpstreams.INSTALL_NAMESPACE)
                .withLabels(want.labels())
                .build());
        object.setAdditionalProperty("spec", Map.of("kube", kube));
        return object;
    }

    /** A merge patch setting the labels to {@code want}: removed keys are set to null. */
    private static String labelsPatch(Map<String, String> have, Map<String, String> want) {
        Map<String, Object> labels = new TreeMap<>(want);
        have.keySet().stream().filter(k -> !want.containsKey(k)).forEach(k -> labels.put(k, null));
        try {
            return JSON.writeValueAsString(Map.of("metadata", Map.of("labels", labels)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("labels always serialize", e);
        }
    }
}
