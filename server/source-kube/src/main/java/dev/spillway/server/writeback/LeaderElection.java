package dev.spillway.server.writeback;

import dev.spillway.server.source.kube.ClusterConnection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which replica writes statuses: a {@code coordination.k8s.io} Lease named
 * {@value #LEASE_NAME}, held by one replica at a time (fabric8's leader elector). Every replica
 * serves xDS; only the leader reports. A replica that loses the lease campaigns again.
 */
public final class LeaderElection implements BooleanSupplier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    /** The Lease's name. */
    public static final String LEASE_NAME = "spillway-status-writer";

    /**
     * Lease timings, as client-go's leader election names them.
     *
     * @param leaseDuration how long a lease stays held without renewal
     * @param renewDeadline how long the leader keeps trying to renew before giving up
     * @param retryPeriod   how often candidates try to acquire, and the leader to renew
     */
    public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        /** client-go's defaults: 15 s, 10 s, 2 s. */
        public static final Timing DEFAULT =
                new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String identity;
    private final Timing timing;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "spillway-leader-election");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean leader;
    private volatile boolean closed;
    private volatile Runnable onLeading = () -> {};
    private volatile CompletableFuture<?> running;

    /** An election with client-go's default timings. */
    public LeaderElection(KubernetesClient client, String namespace, String identity) {
        this(client, namespace, identity, Timing.DEFAULT);
    }

    /**
     * @param client    client of the cluster holding the Lease (the one Spillway runs in)
     * @param namespace namespace of the Lease (Spillway's own)
     * @param identity  this replica's name in the Lease ({@link #defaultIdentity()})
     */
    public LeaderElection(KubernetesClient client, String namespace, String identity, Timing timing) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.timing = Objects.requireNonNull(timing, "timing");
    }

    /** The pod name ({@code POD_NAME}, from the downward API), else the host name. */
    public static String defaultIdentity() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isEmpty()) {
            return pod;
        }
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isEmpty()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "spillway-" + ProcessHandle.current().pid();
        }
    }

    /** Starts campaigning; returns at once. */
    public synchronized void start() {
        if (running == null && !closed) {
            campaign();
        }
    }

    /** Runs {@code action} each time this replica starts leading (writers catch up on what they skipped). */
    public void onLeading(Runnable action) {
        this.onLeading = action;
    }

    /** True while this replica holds the Lease. */
    public boolean isLeader() {
        return leader;
    }

    @Override
    public boolean getAsBoolean() {
        return leader;
    }

    /** This replica's identity in the Lease. */
    public String identity() {
        return identity;
    }

    /** Stops campaigning and releases the Lease if held. */
    @Override
    public synchronized void close() {
        closed = true;
        boolean wasLeader = leader;
        leader = false;
        if (running != null) {
            // With releaseOnCancel, fabric8's LeaderElector rewrites the Lease as the future is cancelled
            // (LeaderElector.stopLeading → release: the holder's name kept, expiring one second later), so the
            // next leader need not wait for the whole lease duration.
            running.cancel(true);
        }
        if (wasLeader) {
            LOG.info("Lease {}/{}: {} released it", namespace, LEASE_NAME, identity);
        }
        executor.shutdownNow();
    }

    private synchronized void campaign() {
        if (closed) {
            return;
        }
        running = new LeaderElectorBuilder(client, executor)
                .withConfig(config())
                .build()
                .start();
        running.whenComplete((done, error) -> {
            leader = false;
            if (!closed) {
                // Lost the lease (or could not reach the API server): campaign again.
                try {
                    executor.schedule(this::campaign, timing.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    // closing meanwhile
                }
            }
        });
    }

    private LeaderElectionConfig config() {
        return new LeaderElectionConfigBuilder()
                .withName(LEASE_NAME)
                .withLock(new LeaseLock(namespace, LEASE_NAME, identity))
                .withLeaseDuration(timing.leaseDuration())
                .withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retryPeriod())
                .withReleaseOnCancel()
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::newLeader))
                .build();
    }

    private void started() {
        leader = true;
        LOG.info("Lease {}/{}: {} leads: writing statuses", namespace, LEASE_NAME, identity);
        try {
            onLeading.run();
        } catch (RuntimeException e) {
            LOG.error("starting to lead failed", e);
        }
    }

    private void stopped() {
        leader = false;
        LOG.info("Lease {}/{}: {} no longer leads: not writing statuses", namespace, LEASE_NAME, identity);
    }

    private void newLeader(String who) {
        if (!identity.equals(who)) {
            LOG.info("Lease {}/{}: {} leads", namespace, LEASE_NAME, who);
        }
    }

    /**
     * The status writers' election, held in the cluster Spillway runs in (the first registered, by
     * convention, as the Gloo Federation management cluster is).
     */
    public static LeaderElection inFirstCluster(List<ClusterConnection> connections, String namespace) {
        if (connections.isEmpty()) {
            throw new IllegalArgumentException("no cluster registered");
        }
        return new LeaderElection(connections.get(0).client(), namespace, defaultIdentity());
    }
}
