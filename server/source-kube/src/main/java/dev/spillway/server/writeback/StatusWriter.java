package dev.spillway.server.writeback;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.server.source.kube.ClusterConnection;
import dev.spillway.server.source.kube.WatchedKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the translator's statuses back to the custom resources' {@code status} subresource, only
 * where they changed, and only while this replica leads (see {@link LeaderElection}): every replica
 * serves xDS, one reports. Leadership is checked before every write, so a replica that learns mid-round
 * that it lost the Lease writes nothing more (the write in flight may land). Never touches {@code spec}: the
 * status subresource ignores it.
 *
 * <p>A write that meets a newer version of the object (409 Conflict) reads it again and retries,
 * up to {@link #MAX_ATTEMPTS} times; conflicts are routine and never reported as failures. Calls
 * are serialized; run them off the reconcile thread ({@link StatusReporter}) since a cluster that
 * cannot be reached makes them slow.
 */
public final class StatusWriter {

    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

    /** Attempts per resource when its writes keep meeting newer versions. */
    public static final int MAX_ATTEMPTS = 5;

    /**
     * What one round of writes did.
     *
     * @param written   statuses written
     * @param unchanged statuses already as they should be (most of them, most of the time)
     * @param skipped   resources that are not custom resources of a known cluster this install owns, are gone,
     *                  or were left to a new leader when this replica lost the Lease mid-round
     * @param failed    writes that failed (the cluster cannot be reached, RBAC, the object kept changing under
     *                  every attempt); {@link StatusReporter} tries the round again later
     */
    public record Result(int written, int unchanged, int skipped, int failed) {}

    private final Function<String, Optional<KubernetesClient>> clients;
    private final BooleanSupplier leader;
    /** The clusters whose resources this install writes the status of: exactly one install owns each. */
    private volatile java.util.function.Predicate<String> owns = cluster -> true;
    /** The body last written or found per resource: unchanged statuses cost no API call. */
    private final Map<ResourceKey, Map<String, Object>> known = new ConcurrentHashMap<>();

    /**
     * @param clients one client per federation cluster name
     * @param leader  true while this replica may write; {@code () -> true} without leader election
     */
    public StatusWriter(Map<String, KubernetesClient> clients, BooleanSupplier leader) {
        this(fixed(clients), leader);
    }

    /**
     * @param clients the client reaching a federation cluster now (it changes when the cluster's
     *                kubeconfig Secret does), empty while there is none
     * @param leader  true while this replica may write
     */
    public StatusWriter(Function<String, Optional<KubernetesClient>> clients, BooleanSupplier leader) {
        this.clients = clients;
        this.leader = leader;
    }

    private static Function<String, Optional<KubernetesClient>> fixed(Map<String, KubernetesClient> clients) {
        Map<String, KubernetesClient> copy = Map.copyOf(clients);
        return name -> Optional.ofNullable(copy.get(name));
    }

    /**
     * A FailoverScheme's live traffic from load reports (activeTier, since, liveTraffic): not from a
     * translation, so read when a round is written; none by default.
     */
    private volatile java.util.function.Function<ResourceKey, Map<String, Object>> liveTraffic = key -> Map.of();

    /**
     * Where FailoverSchemes' live traffic from load reports comes from. It should change only when worth a
     * write (the active tier moved, a share moved by several points): every change is one.
     */
    public void liveTrafficFrom(java.util.function.Function<ResourceKey, Map<String, Object>> source) {
        this.liveTraffic = source;
    }

    /** Writes only the statuses of resources in the clusters {@code owned} accepts (every cluster by default). */
    public void ownedClusters(java.util.function.Predicate<String> owned) {
        this.owns = owned;
    }

    /** A writer for the given clusters. */
    public static StatusWriter forClusters(List<ClusterConnection> connections, BooleanSupplier leader) {
        Map<String, KubernetesClient> clients = new HashMap<>();
        connections.forEach(c -> clients.put(c.name(), c.client()));
        return new StatusWriter(clients, leader);
    }

    /**
     * Writes the statuses that changed.
     *
     * @param inventory the inventory the statuses were computed from: gives each resource's generation,
     *                  and tells custom resources from discovered Upstreams (which have no object)
     * @param statuses  the translator's statuses
     */
    public Result write(Inventory inventory, Map<ResourceKey, ResourceStatus> statuses) {
        return write(new StatusRound(inventory, statuses));
    }

    /** Writes the statuses of a round that changed, each with the generation and details of that round. */
    public synchronized Result write(StatusRound round) {
        Inventory inventory = round.inventory();
        Map<ResourceKey, ResourceStatus> statuses = round.statuses();
        if (!leader.getAsBoolean()) {
            // A new leader reads every status afresh: another replica may have written since.
            known.clear();
            return new Result(0, 0, statuses.size(), 0);
        }
        known.keySet().retainAll(statuses.keySet());
        Counts counts = new Counts();
        Set<String> failedClusters = new HashSet<>();
        int left = statuses.size();
        for (Map.Entry<ResourceKey, ResourceStatus> next : statuses.entrySet()) {
            if (!leader.getAsBoolean()) {
                lostLeadMidRound(left);
                counts.skipped += left;
                break;
            }
            left--;
            ResourceKey key = next.getKey();
            Optional<WatchedKind> kind = WatchedKind.withStatusFor(key.kind());
            Inventory.Entry entry = inventory.entries().get(key);
            if (kind.isEmpty()
                    || entry == null
                    || !owns.test(key.cluster())
                    || clients.apply(key.cluster()).isEmpty()
                    || failedClusters.contains(key.cluster())) {
                counts.skipped++;
                continue;
            }
            Long generation =
                    entry.resource() == null ? null : entry.resource().meta().generation();
            Map<String, Object> body = body(key, next.getValue(), generation, round.details());
            if (generation != null && body.equals(known.get(key))) {
                counts.unchanged++;
                continue;
            }
            Outcome outcome = writeOne(kind.get(), key, body);
            counts.add(outcome);
            if (outcome == Outcome.FAILED) {
                failedClusters.add(key.cluster());
            }
        }
        Result result = counts.result();
        if (result.written() > 0 || result.failed() > 0) {
            LOG.info(
                    "statuses: {} written, {} unchanged, {} failed",
                    result.written(),
                    result.unchanged(),
                    result.failed());
        }
        return result;
    }

    /**
     * The Lease went to another replica while this one was writing: the rest of the round is the new
     * leader's, which writes every status afresh. The write in flight when the news came may have landed.
     */
    private void lostLeadMidRound(int left) {
        known.clear();
        LOG.info("statuses: no longer leading: {} left to the new leader", left);
    }

    /** What became of one resource's status. */
    enum Outcome {
        WRITTEN,
        UNCHANGED,
        GONE,
        /** The Lease went to another replica between attempts: the write is the new leader's. */
        NOT_LEADING,
        /** Every attempt met a newer version: the cluster is fine, this object is busy. */
        KEPT_CHANGING,
        FAILED
    }

    /**
     * Writes {@code body}, whose observedGeneration is the generation the status was computed from, even when
     * the object has moved on since: the next round describes the newer one.
     */
    private Outcome writeOne(WatchedKind kind, ResourceKey key, Map<String, Object> body) {
        Resource<GenericKubernetesResource> resource = resources(kind, key).withName(key.name());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (attempt > 1 && !leader.getAsBoolean()) {
                // Lost the Lease between attempts: the new leader reads the object afresh.
                known.remove(key);
                return Outcome.NOT_LEADING;
            }
            try {
                GenericKubernetesResource object = resource.get();
                if (object == null) {
                    known.remove(key);
                    return Outcome.GONE;
                }
                if (StatusBody.same(object.getAdditionalProperties().get("status"), body)) {
                    known.put(key, body);
                    return Outcome.UNCHANGED;
                }
                object.setAdditionalProperty("status", body);
                resources(kind, key).resource(object).updateStatus();
                known.put(key, body);
                LOG.debug("{} {}: status {} written", kind.kindName(), key.path(), body.get("state"));
                return Outcome.WRITTEN;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    LOG.warn("{} {}: cannot write status: {}", kind.kindName(), key.path(), e.getMessage());
                    known.remove(key);
                    return Outcome.FAILED;
                }
                LOG.debug(
                        "{} {}: status write met a newer version (attempt {}), reading it again",
                        kind.kindName(),
                        key.path(),
                        attempt);
            }
        }
        LOG.warn(
                "{} {}: status not written: the object kept changing ({} attempts); trying again later",
                kind.kindName(),
                key.path(),
                MAX_ATTEMPTS);
        known.remove(key);
        return Outcome.KEPT_CHANGING;
    }

    private Map<String, Object> body(
            ResourceKey key, ResourceStatus status, Long generation, StatusRound.Details details) {
        return StatusBody.of(
                key.kind(),
                status,
                generation,
                details.targets(key),
                details.failover(key),
                details.traffic(key),
                details.readiness(key),
                liveTraffic.apply(key));
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            resources(WatchedKind kind, ResourceKey key) {
        return clients.apply(key.cluster())
                .orElseThrow()
                .genericKubernetesResources(kind.context())
                .inNamespace(key.namespace());
    }

    /** Tallies of one round. */
    private static final class Counts {
        int written;
        int unchanged;
        int skipped;
        int failed;

        void add(Outcome outcome) {
            switch (outcome) {
                case WRITTEN -> written++;
                case UNCHANGED -> unchanged++;
                case GONE, NOT_LEADING -> skipped++;
                case KEPT_CHANGING, FAILED -> failed++;
            }
        }

        Result result() {
            return new Result(written, unchanged, skipped, failed);
        }
    }
}
