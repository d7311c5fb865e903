package dev.spillway.server.source.kube;

import dev.spillway.api.model.GatewayAddress;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.source.SecretReferences;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes source: informers (list and watch, no polling) on the Gloo custom resources,
 * Services, EndpointSlices, TLS Secrets, Pods and Nodes of every registered cluster, merged into one
 * {@link Inventory} through the same decoder as the file source.
 *
 * <p>A cluster whose API server cannot be reached keeps its last known resources, each with a
 * Warning naming the outage; the Warning goes once the watches are back. Each cluster's failover
 * gateway address is found by {@link dev.spillway.api.source.GatewayAddresses} with what this source
 * knows of hostnames and nodes ({@link KubeGatewayEnvironment}) and handed over in the inventory.
 *
 * <p>Thread-safe. Events are coalesced, not debounced: each burst of events yields one rebuild, and
 * listeners are called, one at a time on the source's own thread, only when the inventory changed.
 */
public final class KubeSource implements dev.spillway.api.source.InventorySource {

    private static final Logger LOG = LoggerFactory.getLogger(KubeSource.class);

    private final KubeSourceOptions options;
    private final List<ClusterMember> clusters = new ArrayList<>();
    private final HostnameResolver resolver;
    private final List<Consumer<Inventory>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(daemon("spillway-kube-inventory"));
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(daemon("spillway-kube-health"));
    private final AtomicBoolean publishPending = new AtomicBoolean();
    /** Last failover gateway address per cluster, for logging changes; publisher thread only. */
    private final Map<String, GatewayAddress> addresses = new HashMap<>();

    private final Object lifecycle = new Object();
    private final CountDownLatch firstInventory = new CountDownLatch(1);
    private volatile boolean started;
    private volatile boolean publishing;
    private volatile boolean closed;
    private volatile Inventory current = Inventory.EMPTY;

    /** A source over the given clusters, with the default options. */
    public KubeSource(List<ClusterConnection> connections) {
        this(connections, KubeSourceOptions.DEFAULTS);
    }

    /**
     * @param connections one per federation cluster; names must be distinct
     * @param options     namespaces and timings
     */
    public KubeSource(List<ClusterConnection> connections, KubeSourceOptions options) {
        this(connections, options, HostnameResolver.SYSTEM);
    }

    KubeSource(List<ClusterConnection> connections, KubeSourceOptions options, HostnameResolver.Lookup lookup) {
        this(options, lookup, connections.stream().map(ClusterMember::of).toList());
    }

    private KubeSource(KubeSourceOptions options, HostnameResolver.Lookup lookup, List<ClusterMember> members) {
        this.options = Objects.requireNonNull(options, "options");
        this.resolver = new HostnameResolver(lookup);
        Set<String> names = new HashSet<>();
        for (ClusterMember member : members) {
            if (!names.add(member.name())) {
                throw new IllegalArgumentException("cluster " + member.name() + " is registered twice");
            }
            member.bind(options, this::requestPublish);
            clusters.add(member);
        }
    }

    /**
     * A source over clusters reached through fixed connections or kubeconfig Secrets; closing it
     * closes the clients the members made, not the fixed connections.
     */
    public static KubeSource ofMembers(List<ClusterMember> members, KubeSourceOptions options) {
        return new KubeSource(options, HostnameResolver.SYSTEM, members);
    }

    /** The federation cluster names, in registration order. */
    public List<String> clusters() {
        return clusters.stream().map(ClusterMember::name).toList();
    }

    /**
     * Starts the informers of every cluster and waits, up to the sync timeout, until each cluster was
     * read in full; a cluster not read by then joins the inventory when it is. Tells listeners about
     * the first inventory. Does nothing when already started.
     */
    @Override
    public void start() {
        synchronized (lifecycle) {
            if (started || closed) {
                return;
            }
            started = true;
        }
        clusters.forEach(ClusterMember::start);
        long check = options.checkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::checkHealth, check, check, TimeUnit.MILLISECONDS);
        long resolve = options.resolveInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::refreshHostnames, resolve, resolve, TimeUnit.MILLISECONDS);
        awaitFirstSync();
        publishing = true;
        try {
            publisher.submit(this::publish).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RejectedExecutionException e) {
            LOG.error("cannot build the first inventory", e);
        } finally {
            firstInventory.countDown();
        }
    }

    /**
     * Starts the source when needed (see {@link #start()}) and returns the inventory read; called
     * while another thread starts the source, waits for that start.
     */
    @Override
    public Inventory load() {
        start();
        try {
            firstInventory.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return current;
    }

    /** The client that reaches a federation cluster now, if any (it changes with a kubeconfig Secret). */
    public Optional<io.fabric8.kubernetes.client.KubernetesClient> client(String cluster) {
        return clusters.stream()
                .filter(c -> c.name().equals(cluster))
                .findFirst()
                .flatMap(ClusterMember::client);
    }

    /** The latest inventory ({@link Inventory#EMPTY} before the first one). */
    public Inventory current() {
        return current;
    }

    /** Calls the listener with each new inventory, on the source's thread, in order. */
    @Override
    public void subscribe(Consumer<Inventory> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops every informer. The fixed connections' clients stay open: they belong to the caller. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
        }
        firstInventory.countDown();
        scheduler.shutdownNow();
        clusters.forEach(ClusterMember::close);
        publisher.shutdown();
        try {
            publisher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True while every informer of every cluster is watching. */
    boolean watching() {
        return clusters.stream().allMatch(ClusterMember::watching);
    }

    /** The kinds informed on in any cluster. */
    Set<WatchedKind> informedKinds() {
        Set<WatchedKind> kinds = EnumSet.noneOf(WatchedKind.class);
        clusters.forEach(c -> kinds.addAll(c.informedKinds()));
        return kinds;
    }

    private void awaitFirstSync() {
        CompletableFuture<?>[] syncs =
                clusters.stream().map(ClusterMember::firstSync).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(syncs).get(options.syncTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            clusters.stream()
                    .filter(c -> !c.synced())
                    .forEach(c -> LOG.warn(
                            "cluster {} not read within {}: serving without it until it is",
                            c.name(),
                            options.syncTimeout()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("waiting for the clusters' first read failed", e.getCause());
        }
    }

    /** Asks for a rebuild; one rebuild serves every request made before it starts. */
    private void requestPublish() {
        if (!publishing || closed || !publishPending.compareAndSet(false, true)) {
            return;
        }
        try {
            publisher.execute(this::publish);
        } catch (RejectedExecutionException e) {
            publishPending.set(false);
        }
    }

    private void publish() {
        publishPending.set(false);
        forgetUnnamedDeletedSecrets();
        List<InventoryAssembler.ClusterState> states =
                clusters.stream().map(this::state).toList();
        Inventory next = InventoryAssembler.assemble(states, environment());
        logAddresses(next);
        if (resolver.hasUnresolved()) {
            scheduleRefresh();
        }
        if (next.equals(current)) {
            return;
        }
        current = next;
        LOG.debug("inventory: {} resources from {} clusters", next.entries().size(), clusters.size());
        for (Consumer<Inventory> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.error("an inventory listener failed", e);
            }
        }
    }

    /** A deleted Secret's last known version is kept only while a resource of any cluster names it. */
    private void forgetUnnamedDeletedSecrets() {
        List<dev.spillway.api.model.Resource> resources = new ArrayList<>();
        clusters.forEach(c -> c.entries().stream()
                .filter(e -> e.resource() != null && e.deletedAt() == null)
                .forEach(e -> resources.add(e.resource())));
        Set<dev.spillway.api.model.ResourceKey> named = new HashSet<>();
        SecretReferences.of(resources).forEach(r -> named.add(r.secret()));
        clusters.forEach(c -> c.forgetDeletedSecretsExcept(named));
    }

    private InventoryAssembler.ClusterState state(ClusterMember cluster) {
        return new InventoryAssembler.ClusterState(
                cluster.name(),
                cluster.synced(),
                cluster.unreachableSince(),
                cluster.entries(),
                ClusterRegistrations.entry(
                        cluster.name(),
                        cluster.registration(),
                        NodeTopology.of(cluster.objects(WatchedKind.NODE, Node.class))));
    }

    /** The pods and nodes of every cluster, for failover gateways reached through a node port. */
    private KubeGatewayEnvironment environment() {
        Map<String, KubeGatewayEnvironment.Topology> topologies = new HashMap<>();
        for (ClusterMember cluster : clusters) {
            topologies.put(
                    cluster.name(),
                    new KubeGatewayEnvironment.Topology(
                            cluster.objects(WatchedKind.POD, Pod.class),
                            cluster.objects(WatchedKind.NODE, Node.class)));
        }
        return new KubeGatewayEnvironment(resolver, topologies);
    }

    /** Logs each cluster's failover gateway address when it changes. */
    private void logAddresses(Inventory next) {
        next.gatewayAddresses().forEach((cluster, address) -> {
            GatewayAddress before = addresses.put(cluster, address);
            if (before == null ? address.address() == null : Objects.equals(before.address(), address.address())) {
                return;
            }
            if (address.address() != null) {
                LOG.info("Cluster {}: failover gateway at {} ({})", cluster, address.address(), address.from());
            } else {
                LOG.info("Cluster {}: no failover gateway address: {}", cluster, address.fault());
            }
        });
    }

    private void checkHealth() {
        Instant now = Instant.now();
        boolean changed = false;
        for (ClusterMember cluster : clusters) {
            try {
                changed |= cluster.checkReachability(now);
            } catch (RuntimeException e) {
                LOG.error("health check of cluster {} failed", cluster.name(), e);
            }
        }
        if (changed) {
            requestPublish();
        }
    }

    private void scheduleRefresh() {
        try {
            scheduler.execute(this::refreshHostnames);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Resolves LoadBalancer hostnames again; the rebuild after it asks for the ones still in use. */
    private void refreshHostnames() {
        try {
            resolver.refresh();
        } catch (RuntimeException e) {
            LOG.warn("cannot resolve failover gateway hostnames: {}", e.toString());
        }
        requestPublish();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public String toString() {
        return "Kubernetes clusters " + clusters();
    }
}
