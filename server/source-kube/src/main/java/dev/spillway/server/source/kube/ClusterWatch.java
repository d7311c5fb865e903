package dev.spillway.server.source.kube;

import dev.spillway.api.source.Inventory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers of one federation cluster and the inventory entries they yield. Informer threads
 * update the entries; the health-check thread judges reachability; {@code changed} is called after
 * anything that may change the inventory.
 */
final class ClusterWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);

    private final ClusterConnection connection;
    private final KubeSourceOptions options;
    private final Runnable changed;
    private final Map<String, Inventory.Entry> entries = new ConcurrentHashMap<>();
    private final List<InformerHandle> informers = new ArrayList<>();
    private final Reachability reachability;
    private final CompletableFuture<Void> firstSync = new CompletableFuture<>();

    ClusterWatch(ClusterConnection connection, KubeSourceOptions options, Runnable changed) {
        this.connection = connection;
        this.options = options;
        this.changed = changed;
        this.reachability = new Reachability(options.staleAfter());
    }

    String name() {
        return connection.name();
    }

    ClusterConnection connection() {
        return connection;
    }

    /** Creates and starts one informer per watched kind and namespace. */
    synchronized void start() {
        if (!informers.isEmpty()) {
            return;
        }
        for (WatchedKind kind : WatchedKind.values()) {
            List<String> namespaces = kind.namespaced() && !options.allNamespaces()
                    ? options.namespaces()
                    : Collections.singletonList(null);
            for (String namespace : namespaces) {
                SharedIndexInformer<? extends HasMetadata> informer =
                        informable(kind, namespace).runnableInformer(0);
                informer.addEventHandler(new Handler(kind));
                informers.add(new InformerHandle(name(), kind, namespace, informer, this::checkSynced));
            }
        }
        informers.forEach(InformerHandle::start);
        LOG.info(
                "watching cluster {} at {} ({} informers)",
                name(),
                connection.client().getMasterUrl(),
                informers.size());
    }

    private Informable<? extends HasMetadata> informable(WatchedKind kind, String ns) {
        KubernetesClient c = connection.client();
        return switch (kind) {
            case SERVICE ->
                ns == null ? c.services().inAnyNamespace() : c.services().inNamespace(ns);
            case ENDPOINT_SLICE ->
                ns == null
                        ? c.discovery().v1().endpointSlices().inAnyNamespace()
                        : c.discovery().v1().endpointSlices().inNamespace(ns);
            // Only TLS Secrets: other Secrets (tokens, registry credentials) are none of Spillway's business.
            case SECRET ->
                (ns == null ? c.secrets().inAnyNamespace() : c.secrets().inNamespace(ns))
                        .withField("type", WatchedKind.TLS_SECRET_TYPE);
            case POD -> ns == null ? c.pods().inAnyNamespace() : c.pods().inNamespace(ns);
            case NODE -> c.nodes();
            default ->
                ns == null
                        ? c.genericKubernetesResources(kind.context()).inAnyNamespace()
                        : c.genericKubernetesResources(kind.context()).inNamespace(ns);
        };
    }

    /** Completes once every informer has read its first list (or cannot read its resource at all). */
    CompletableFuture<Void> firstSync() {
        return firstSync;
    }

    /** True once the cluster was read in full: its entries take part in the inventory from then on. */
    boolean synced() {
        return firstSync.isDone();
    }

    /** Called from informer threads and the health check: completes {@link #firstSync()} when due. */
    void checkSynced() {
        List<InformerHandle> all = handles();
        if (firstSync.isDone() || all.isEmpty() || !all.stream().allMatch(InformerHandle::ready)) {
            return;
        }
        if (firstSync.complete(null)) {
            LOG.info("read cluster {}: {} resources", name(), entries.size());
            changed.run();
        }
    }

    private synchronized List<InformerHandle> handles() {
        return List.copyOf(informers);
    }

    /**
     * Judges whether the API server is reachable now.
     *
     * @return true when the cluster just became unreachable or reachable again
     */
    boolean checkReachability(Instant now) {
        checkSynced();
        if (!synced()) {
            // Nothing known yet, nothing to mark: an API server not reached at start is logged by the source.
            return false;
        }
        List<String> down = handles().stream()
                .filter(i -> !i.watching())
                .map(InformerHandle::describe)
                .toList();
        if (!reachability.observe(down.isEmpty(), now)) {
            return false;
        }
        Instant since = reachability.unreachableSince();
        if (since != null) {
            LOG.warn(
                    "cluster {} unreachable since {}: serving its last known {} resources (not watching: {})",
                    name(),
                    since,
                    entries.size(),
                    String.join(", ", down));
        } else {
            LOG.info("cluster {} reachable again: its resources are read afresh", name());
        }
        return true;
    }

    /** True while every informer is watching. */
    boolean watching() {
        List<InformerHandle> all = handles();
        return !all.isEmpty() && all.stream().allMatch(InformerHandle::watching);
    }

    /** When the API server became unreachable, or null while it is reachable. */
    Instant unreachableSince() {
        return reachability.unreachableSince();
    }

    /** The entries decoded from this cluster's objects, in no order. */
    List<Inventory.Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** The objects of one kind the informers hold. */
    <T extends HasMetadata> List<T> objects(WatchedKind kind, Class<T> type) {
        return handles().stream()
                .filter(i -> i.kind() == kind)
                .flatMap(i -> i.objects().stream())
                .map(type::cast)
                .toList();
    }

    /** The kinds informed on; {@link RequiredRbac} must grant each. */
    synchronized Set<WatchedKind> informedKinds() {
        Set<WatchedKind> kinds = EnumSet.noneOf(WatchedKind.class);
        informers.forEach(i -> kinds.add(i.kind()));
        return kinds;
    }

    @Override
    public synchronized void close() {
        informers.forEach(InformerHandle::stop);
    }

    private void upsert(WatchedKind kind, HasMetadata object, String verb) {
        if (!kind.decoded()) {
            changed.run();
            return;
        }
        String objectName = ObjectDecoder.objectName(kind, object);
        if (kind == WatchedKind.SECRET && !isTls(object)) {
            remove(kind, object);
            return;
        }
        Inventory.Entry entry = entries.compute(
                objectName,
                (n, previous) -> ObjectDecoder.decode(name(), kind, object, previous)
                        .map(e -> ClaimOrder.stamped(e, previous, !synced()))
                        .orElse(null));
        log(kind, object, entry, verb);
        changed.run();
    }

    private void remove(WatchedKind kind, HasMetadata object) {
        String objectName = ObjectDecoder.objectName(kind, object);
        if (kind == WatchedKind.SECRET) {
            Inventory.Entry kept = entries.computeIfPresent(
                    objectName, (n, e) -> e.resource() == null ? null : DeletedSecret.of(e, Instant.now()));
            if (kept != null) {
                LOG.warn(
                        "Secret {}/{} deleted: its last known version is kept while a resource names it",
                        name(),
                        path(object));
            }
        } else if (kind.decoded() && entries.remove(objectName) != null) {
            LOG.info("{} {}/{} deleted", kind.kindName(), name(), path(object));
        }
        changed.run();
    }

    /** Forgets the deleted Secrets no resource names any more (their last known version goes with them). */
    void forgetDeletedSecretsExcept(Set<dev.spillway.api.model.ResourceKey> named) {
        entries.entrySet().removeIf(e -> {
            boolean forget = e.getValue().deletedAt() != null
                    && !named.contains(e.getValue().key());
            if (forget) {
                LOG.info("Secret {}/{}: deleted and no longer named: forgotten", name(), e.getKey());
            }
            return forget;
        });
    }

    /** The field selector keeps other Secrets out; this check also holds where it is ignored. */
    private static boolean isTls(HasMetadata object) {
        return object instanceof Secret s && WatchedKind.TLS_SECRET_TYPE.equals(s.getType());
    }

    private void log(WatchedKind kind, HasMetadata object, Inventory.Entry entry, String verb) {
        if (entry == null) {
            return;
        }
        String state = entry.status().state().label(entry.key().kind());
        if (!entry.status().problems().isEmpty()) {
            LOG.warn(
                    "{} {}/{} {}: {}: {}",
                    kind.kindName(),
                    name(),
                    path(object),
                    verb,
                    state,
                    entry.status().reason());
        } else if (!synced() || kind == WatchedKind.ENDPOINT_SLICE) {
            LOG.debug("{} {}/{} {}", kind.kindName(), name(), path(object), verb);
        } else {
            LOG.info("{} {}/{} {}", kind.kindName(), name(), path(object), verb);
        }
    }

    private static String path(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
    }

    /** Routes one informer's events to the cluster's entries. */
    private final class Handler implements ResourceEventHandler<HasMetadata> {
        private final WatchedKind kind;

        Handler(WatchedKind kind) {
            this.kind = kind;
        }

        @Override
        public void onAdd(HasMetadata object) {
            upsert(kind, object, "added");
        }

        @Override
        public void onUpdate(HasMetadata before, HasMetadata object) {
            upsert(kind, object, "updated");
        }

        @Override
        public void onDelete(HasMetadata object, boolean finalStateUnknown) {
            remove(kind, object);
        }
    }
}
