package dev.spillway.server.writeback;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.server.source.kube.WatchedKind;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on FailoverSchemes: one when a proxy group's traffic moves to another tier, written by
 * the leader only (every replica sees the same reports only if every proxy reports to it; the leader's view
 * is the one the status shows), in the scheme's own cluster, off the caller's thread.
 */
public final class FailoverEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverEvents.class);

    /** The Event reason of a move of the active tier. */
    public static final String REASON = "ActiveTierChanged";
    /** Who reports the Events ({@code reportingController}). */
    static final String CONTROLLER = "spillway.dev/control-plane";

    private final Function<String, Optional<KubernetesClient>> clients;
    private final BooleanSupplier leader;
    private final String instance;
    private volatile Predicate<String> owns = cluster -> true;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "spillway-failover-events");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param clients  the client of each federation cluster
     * @param leader   true while this replica writes
     * @param instance this replica's name ({@code reportingInstance})
     */
    public FailoverEvents(
            Function<String, Optional<KubernetesClient>> clients, BooleanSupplier leader, String instance) {
        this.clients = clients;
        this.leader = leader;
        this.instance = instance;
    }

    /** Writes Events only on the schemes of the clusters {@code owned} accepts. */
    public void ownedClusters(Predicate<String> owned) {
        this.owns = owned;
    }

    /**
     * Records that the traffic of a scheme moved ({@code message} says from which tier to which, and on how
     * many proxies). A move away from the primary is a Warning, a move back to it Normal. Returns at once.
     */
    public void activeTierMoved(ResourceKey scheme, int to, String message, Instant at) {
        if (scheme.kind() != Kind.FAILOVER_SCHEME || !leader.getAsBoolean() || !owns.test(scheme.cluster())) {
            return;
        }
        try {
            executor.execute(() -> write(scheme, to, message, at));
        } catch (RejectedExecutionException e) {
            LOG.debug("failover events closed: event dropped");
        }
    }

    private void write(ResourceKey scheme, int to, String message, Instant at) {
        Optional<KubernetesClient> client = clients.apply(scheme.cluster());
        if (client.isEmpty()) {
            return;
        }
        WatchedKind kind = WatchedKind.withStatusFor(Kind.FAILOVER_SCHEME).orElseThrow();
        try {
            GenericKubernetesResource object = client.get()
                    .genericKubernetesResources(kind.context())
                    .inNamespace(scheme.namespace())
                    .withName(scheme.name())
                    .get();
            if (object == null) {
                return;
            }
            Event event = new EventBuilder()
                    .withNewMetadata()
                    .withName(scheme.name() + "." + Long.toHexString(at.toEpochMilli()) + "-" + to)
                    .withNamespace(scheme.namespace())
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(kind.apiVersion())
                            .withKind(kind.kindName())
                            .withNamespace(scheme.namespace())
                            .withName(scheme.name())
                            .withUid(object.getMetadata().getUid())
                            .build())
                    .withReason(REASON)
                    .withMessage(message)
                    .withType(to == 0 ? "Normal" : "Warning")
                    .withFirstTimestamp(at.toString())
                    .withLastTimestamp(at.toString())
                    .withCount(1)
                    .withNewSource()
                    .withComponent(CONTROLLER)
                    .endSource()
                    .withReportingComponent(CONTROLLER)
                    .withReportingInstance(instance)
                    .build();
            client.get()
                    .v1()
                    .events()
                    .inNamespace(scheme.namespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
            LOG.warn("{} {}: cannot record event \"{}\": {}", kind.kindName(), scheme.path(), message, e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
