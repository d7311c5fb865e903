package dev.spillway.server.source.kube;

import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.source.Inventory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One federation cluster of the source and how it is reached: a fixed connection (a kubeconfig
 * context, the pod's service account), or the kubeconfig stored in a Secret of the cluster Spillway
 * runs in. When that Secret changes, the cluster is read afresh through the new kubeconfig while the
 * old connection keeps serving; the new one replaces it once it was read in full. So a cluster is
 * never emptied by a new kubeconfig: an unreachable one keeps its last known resources, marked stale.
 */
public final class ClusterMember implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);

    private final String name;
    private final ClusterRegistration registration;
    private final ClusterConnection fixed;
    private final Access secretAccess;
    private final CompletableFuture<Void> firstSync = new CompletableFuture<>();
    private KubeSourceOptions options;
    private Runnable changed;
    private KubeconfigSecret secret;
    private volatile ClusterWatch current;
    private volatile ClusterWatch pending;
    private volatile boolean closed;

    /** How a secret-backed cluster is reached. */
    private record Access(KubernetesClient home, KubeSources.SecretRef ref, String context) {}

    private ClusterMember(String name, ClusterRegistration registration, ClusterConnection fixed, Access access) {
        this.name = Objects.requireNonNull(name, "name");
        this.registration = registration;
        this.fixed = fixed;
        this.secretAccess = access;
    }

    /** A cluster reached through a connection its caller owns. */
    public static ClusterMember of(ClusterConnection connection) {
        return new ClusterMember(connection.name(), connection.registration(), connection, null);
    }

    /**
     * A cluster reached through the kubeconfig in a Secret (key {@code kubeconfig}).
     *
     * @param home         client of the cluster holding the Secret; owned by the caller
     * @param context      the kubeconfig's context to use when it has it, else its current context
     * @param registration region, zone, network of the cluster, or null
     */
    public static ClusterMember fromKubeconfigSecret(
            String name,
            KubernetesClient home,
            KubeSources.SecretRef ref,
            String context,
            ClusterRegistration registration) {
        if (registration != null && !registration.meta().name().equals(name)) {
            throw new IllegalArgumentException(
                    "registration of cluster " + registration.meta().name() + " given for cluster " + name);
        }
        return new ClusterMember(name, registration, null, new Access(home, ref, context));
    }

    public String name() {
        return name;
    }

    /** The registration given with the cluster, or null. */
    ClusterRegistration registration() {
        return registration;
    }

    /** Binds the member to its source; called once, before {@link #start()}. */
    void bind(KubeSourceOptions sourceOptions, Runnable onChange) {
        this.options = sourceOptions;
        this.changed = onChange;
    }

    synchronized void start() {
        if (closed || current != null || secret != null) {
            return;
        }
        if (fixed != null) {
            current = watch(fixed);
            return;
        }
        secret = new KubeconfigSecret(
                name, secretAccess.home(), secretAccess.ref(), secretAccess.context(), new KubeconfigSecret.Listener() {
                    @Override
                    public void kubeconfig(Config config) {
                        connect(config);
                    }

                    @Override
                    public void missing() {
                        // Not read, and nothing to wait for: the source starts without this cluster.
                        firstSync.complete(null);
                    }
                });
        secret.start();
    }

    private ClusterWatch watch(ClusterConnection connection) {
        ClusterWatch watch = new ClusterWatch(connection, options, this::progress);
        watch.firstSync().thenRun(() -> firstSync.complete(null));
        watch.start();
        return watch;
    }

    /** A new kubeconfig: read the cluster through it; the current connection serves until then. */
    private synchronized void connect(Config config) {
        if (closed) {
            return;
        }
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        ClusterConnection connection = new ClusterConnection(name, client, registration);
        if (pending != null) {
            discard(pending);
        }
        ClusterWatch next = watch(connection);
        if (current == null) {
            current = next;
        } else {
            pending = next;
            LOG.info(
                    "cluster {}: reading it through the new kubeconfig; the previous connection serves until then",
                    name);
        }
    }

    /** Called on every change of either watch: a pending watch read in full replaces the current one. */
    private void progress() {
        promote();
        if (changed != null) {
            changed.run();
        }
    }

    private synchronized boolean promote() {
        ClusterWatch next = pending;
        if (next == null || !next.synced()) {
            return false;
        }
        ClusterWatch previous = current;
        current = next;
        pending = null;
        if (previous != null) {
            discard(previous);
        }
        LOG.info("cluster {}: now read through the new kubeconfig", name);
        return true;
    }

    private void discard(ClusterWatch watch) {
        watch.close();
        if (fixed == null) {
            watch.connection().close();
        }
    }

    /** Completes once the cluster was read in full, or is known not to be readable yet. */
    CompletableFuture<Void> firstSync() {
        return firstSync;
    }

    /** True once the cluster was read in full: its entries take part in the inventory from then on. */
    boolean synced() {
        ClusterWatch watch = current;
        return watch != null && watch.synced();
    }

    /** See {@link ClusterWatch#checkReachability(Instant)}; also promotes a pending watch read since. */
    boolean checkReachability(Instant now) {
        boolean promoted = promote();
        ClusterWatch pendingWatch = pending;
        if (pendingWatch != null) {
            pendingWatch.checkSynced();
        }
        ClusterWatch watch = current;
        return (watch != null && watch.checkReachability(now)) || promoted;
    }

    /** True while every informer of the current connection is watching. */
    boolean watching() {
        ClusterWatch watch = current;
        return watch != null && watch.watching();
    }

    Instant unreachableSince() {
        ClusterWatch watch = current;
        return watch == null ? null : watch.unreachableSince();
    }

    List<Inventory.Entry> entries() {
        ClusterWatch watch = current;
        return watch == null ? List.of() : watch.entries();
    }

    /** See {@link ClusterWatch#forgetDeletedSecretsExcept}. */
    void forgetDeletedSecretsExcept(java.util.Set<dev.spillway.api.model.ResourceKey> named) {
        ClusterWatch watch = current;
        if (watch != null) {
            watch.forgetDeletedSecretsExcept(named);
        }
    }

    <T extends HasMetadata> List<T> objects(WatchedKind kind, Class<T> type) {
        ClusterWatch watch = current;
        return watch == null ? List.of() : watch.objects(kind, type);
    }

    Set<WatchedKind> informedKinds() {
        ClusterWatch watch = current;
        return watch == null ? EnumSet.noneOf(WatchedKind.class) : watch.informedKinds();
    }

    /** The client reaching the cluster now, if any. */
    public java.util.Optional<KubernetesClient> client() {
        ClusterWatch watch = current;
        return java.util.Optional.ofNullable(watch).map(w -> w.connection().client());
    }

    /** Stops watching; closes the clients this member made (never a fixed connection's). */
    @Override
    public synchronized void close() {
        closed = true;
        firstSync.complete(null);
        if (secret != null) {
            secret.close();
        }
        if (pending != null) {
            discard(pending);
        }
        if (current != null) {
            discard(current);
        }
    }

    @Override
    public String toString() {
        return fixed != null
                ? fixed.toString()
                : "cluster " + name + " (kubeconfig in Secret " + secretAccess.ref() + ")";
    }
}
