package dev.spillway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.spillway.api.codec.Decoded;
import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.server.failover.ActivityStatus;
import dev.spillway.server.failover.LoadAccounting;
import dev.spillway.server.source.kube.ClusterConnection;
import dev.spillway.server.source.kube.ClusterMember;
import dev.spillway.server.source.kube.KubeSource;
import dev.spillway.server.source.kube.KubeSourceOptions;
import dev.spillway.server.source.kube.KubeSources;
import dev.spillway.server.source.kube.UpstreamDiscovery;
import dev.spillway.server.source.kube.UpstreamWriter;
import dev.spillway.server.status.StatusReport;
import dev.spillway.server.writeback.FailoverEvents;
import dev.spillway.server.writeback.LeaderElection;
import dev.spillway.server.writeback.StatusReporter;
import dev.spillway.server.writeback.StatusRound;
import dev.spillway.server.writeback.StatusWriter;
import dev.spillway.translator.Translation;
import dev.spillway.translator.resolve.FailoverOutcome;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Serving from Kubernetes clusters: the source, and the statuses written back to the resources by the
 * leader only (every replica serves xDS).
 */
public final class KubeMode implements AutoCloseable {
    /** Where {@code spillway cluster register} stores kubeconfig Secrets by default. */
    static final String DEFAULT_SECRET_NAMESPACE = "spillway-system";

    /** What upstream discovery does with the Upstreams it finds. */
    public enum Discovery {
        /** Writes them as Upstream objects, as Gloo's discovery does (the leader only). */
        WRITE,
        /** Keeps them in memory: for clusters where Spillway may not write. */
        READ_ONLY
    }

    /** {@code --write-clusters} value: every registered cluster (one management install, topology (a)). */
    public static final String ALL = "all";
    /** {@code --write-clusters} value: the cluster the install runs in (one install per cluster, topology (b)). */
    public static final String OWN = "own";

    /**
     * How an install runs.
     *
     * @param leaseNamespace namespace of the status writers' Lease, in the cluster Spillway runs in
     * @param discovery      whether discovered Upstreams are written
     * @param source         namespaces and timings of the source
     * @param writeClusters  the clusters whose statuses and discovered Upstreams this install writes:
     *                       {@value #OWN}, {@value #ALL}, or cluster names (see {@link #owner})
     */
    public record Options(
            String leaseNamespace, Discovery discovery, KubeSourceOptions source, List<String> writeClusters) {
        public Options {
            writeClusters = List.copyOf(writeClusters);
        }

        /** Defaults but for the Lease's namespace: writes in its own cluster. */
        public static Options in(String leaseNamespace) {
            return new Options(leaseNamespace, Discovery.WRITE, KubeSourceOptions.DEFAULTS, List.of(OWN));
        }

        public Options withDiscovery(Discovery mode) {
            return new Options(leaseNamespace, mode, source, writeClusters);
        }

        public Options withSource(KubeSourceOptions options) {
            return new Options(leaseNamespace, discovery, options, writeClusters);
        }

        public Options writing(List<String> clusters) {
            return new Options(leaseNamespace, discovery, source, clusters);
        }
    }

    /**
     * The rule that makes exactly one install write each resource's status (and each cluster's
     * discovered Upstreams): with {@value #OWN}, the install running in the resource's cluster, that is
     * the one whose registration of it names neither a kubeContext nor a kubeconfigSecret; an install
     * that reaches every cluster through a context (run outside the clusters) owns them all. With
     * {@value #ALL}, every registered cluster: the one management install of topology (a), where the
     * other clusters run no control plane. Else the named clusters.
     */
    static java.util.function.Predicate<String> owner(
            List<KubeSources.Registration> registrations, List<String> writeClusters) {
        if (writeClusters.contains(ALL)) {
            return cluster -> true;
        }
        java.util.Set<String> owned = new java.util.HashSet<>(writeClusters);
        if (owned.remove(OWN)) {
            List<String> home = registrations.stream()
                    .filter(KubeSources.Registration::home)
                    .map(KubeSources.Registration::clusterName)
                    .toList();
            if (home.isEmpty()) {
                return cluster -> true;
            }
            owned.addAll(home);
        }
        return owned::contains;
    }

    private final List<AutoCloseable> owned;
    private final KubeSource source;
    private final LeaderElection election;
    private final StatusReporter reporter;
    private final StatusWriter writer;
    private final FailoverEvents events;
    private final UpstreamDiscovery discovery;

    private KubeMode(
            List<KubeSources.Registration> registrations,
            List<ClusterMember> members,
            KubernetesClient home,
            Options options,
            List<AutoCloseable> owned) {
        this.owned = owned;
        java.util.function.Predicate<String> owner = owner(registrations, options.writeClusters());
        this.source = KubeSource.ofMembers(members, options.source());
        this.election = new LeaderElection(home, options.leaseNamespace(), LeaderElection.defaultIdentity());
        this.writer = new StatusWriter(source::client, election);
        writer.ownedClusters(owner);
        this.events = new FailoverEvents(source::client, election, LeaderElection.defaultIdentity());
        events.ownedClusters(owner);
        this.reporter = new StatusReporter(writer);
        this.discovery = options.discovery() == Discovery.WRITE
                ? new UpstreamDiscovery(
                        new UpstreamWriter(source::client, owner, election), source::current, UpstreamDiscovery.RESYNC)
                : null;
    }

    /**
     * Connects to the registered clusters: one named by a kubeconfig context through it (empty: the
     * current one, or the pod's own cluster in a pod), one with a {@code kubeconfigSecret} through the
     * kubeconfig stored there in the cluster Spillway runs in (the registration with neither, else the
     * current context).
     */
    public static KubeMode connect(List<KubeSources.Registration> registrations, Path kubeconfig, Options options) {
        Function<KubeSources.Registration, ClusterConnection> connect = r -> kubeconfig == null
                ? ClusterConnection.fromContext(r.clusterName(), r.kubeContext())
                : ClusterConnection.fromKubeconfig(
                        r.clusterName(), r.kubeContext().isEmpty() ? null : r.kubeContext(), kubeconfig.toFile());
        List<AutoCloseable> owned = new ArrayList<>();
        Function<KubeSources.Registration, ClusterConnection> owning = r -> {
            ClusterConnection c = connect.apply(r);
            owned.add(c);
            return c;
        };
        KubernetesClient home = registrations.stream()
                .filter(KubeSources.Registration::home)
                .findFirst()
                .map(r -> owning.apply(r).client())
                .orElseGet(() ->
                        owning.apply(new KubeSources.Registration("home", "")).client());
        List<ClusterMember> members = KubeSources.members(
                registrations, home, r -> r.home() ? ClusterConnection.of(r.clusterName(), home) : owning.apply(r));
        return new KubeMode(registrations, members, home, options, owned);
    }

    /**
     * As {@link #connect}, with the cluster Spillway runs in reached through {@code home} and every
     * other cluster through its kubeconfig Secret (or {@code others}); the caller owns both.
     */
    public static KubeMode connect(
            List<KubeSources.Registration> registrations,
            KubernetesClient home,
            Function<KubeSources.Registration, ClusterConnection> others,
            Options options) {
        List<ClusterMember> members = KubeSources.members(
                registrations, home, r -> r.home() ? ClusterConnection.of(r.clusterName(), home) : others.apply(r));
        return new KubeMode(registrations, members, home, options, List.of());
    }

    /**
     * Reads {@code spillway.dev/v1 Cluster} documents: each names a cluster, its region, zone and network,
     * and how to reach its API server ({@code kubeContext}, {@code kubeconfigSecret}).
     */
    public static List<KubeSources.Registration> registrations(Path file) throws IOException {
        String text = Files.readString(file);
        DecodedFile decoded = ResourceDecoder.decode("", file.getFileName().toString(), text);
        if (decoded.fileProblem() != null) {
            throw new IllegalArgumentException(
                    file + ": " + decoded.fileProblem().text());
        }
        Map<String, KubeSources.SecretRef> secrets = kubeconfigSecrets(file, text);
        List<KubeSources.Registration> out = new ArrayList<>();
        for (Decoded d : decoded.documents()) {
            if (d.resource() instanceof ClusterRegistration c) {
                String name = c.meta().name();
                ClusterRegistration registration = new ClusterRegistration(
                        new ObjectMeta(
                                name,
                                "",
                                name,
                                c.meta().labels(),
                                c.meta().generation(),
                                c.meta().creationTimestamp()),
                        c.region(),
                        c.zone(),
                        c.network(),
                        c.failoverAddress(),
                        c.kubeContext());
                out.add(new KubeSources.Registration(name, c.kubeContext(), secrets.get(name), registration));
            } else if (d.rejected()) {
                throw new IllegalArgumentException(
                        file + ": " + d.problems().get(0).text());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no spillway.dev/v1 Cluster documents");
        }
        return out;
    }

    /** {@code spec.kubeconfigSecret} of each Cluster document, by cluster name. */
    private static Map<String, KubeSources.SecretRef> kubeconfigSecrets(Path file, String text) throws IOException {
        Map<String, KubeSources.SecretRef> out = new HashMap<>();
        try (MappingIterator<JsonNode> docs =
                dev.spillway.api.codec.Yaml.reader().readValues(text)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                JsonNode ref = doc == null ? null : doc.path("spec").path("kubeconfigSecret");
                if (ref == null || !ref.isObject()) {
                    continue;
                }
                String name = doc.path("metadata").path("name").asText();
                String secret = ref.path("name").asText("");
                if (secret.isEmpty()) {
                    throw new IllegalArgumentException(
                            file + ": Cluster " + name + ": spec.kubeconfigSecret.name must not be empty");
                }
                out.put(
                        name,
                        new KubeSources.SecretRef(ref.path("namespace").asText(DEFAULT_SECRET_NAMESPACE), secret));
            }
        }
        return out;
    }

    public KubeSource source() {
        return source;
    }
    /** Starts campaigning; while leader, writes statuses back and discovered Upstreams. */
    public void attach(ControlPlane plane) {
        LoadAccounting loads = plane.loadAccounting();
        writer.liveTrafficFrom(key -> ActivityStatus.of(loads.published().get(key)));
        // Only the status of a scheme whose published traffic moved is written again: the others are unchanged.
        loads.onPublished(reporter::resubmit);
        loads.onChange(change -> events.activeTierMoved(change.scheme(), change.to(), change.message(), change.at()));
        election.onLeading(() -> {
            reporter.resubmit();
            if (discovery != null) {
                discovery.changed();
            }
        });
        election.start();
        plane.addStatusListener(statuses -> reporter.submit(round(statuses)));
        if (discovery != null) {
            source.subscribe(inventory -> discovery.changed());
            discovery.start();
            discovery.changed();
        }
    }

    /** True while this replica holds the status writers' Lease. */
    public boolean leader() {
        return election.isLeader();
    }

    /** A FailoverScheme's targets and the endpoint chosen for each, as its status shows them. */
    public static List<Map<String, Object>> targetsOf(Translation translation, ResourceKey scheme) {
        if (translation == null) {
            return List.of();
        }
        for (FailoverOutcome outcome : translation.resolution().failovers()) {
            if (outcome.scheme().equals(scheme)) {
                return StatusReport.targets(outcome);
            }
        }
        return List.of();
    }

    /**
     * The status writes of one translation: its statuses, the inventory it was computed from (for each
     * object's observedGeneration), and its schemes' targets, traffic and readiness, never another's.
     */
    public static StatusRound round(ControlPlane.Statuses statuses) {
        Translation translation = statuses.translation();
        return new StatusRound(translation.inventory(), statuses.statuses(), new StatusRound.Details() {
            @Override
            public List<Map<String, Object>> targets(ResourceKey scheme) {
                return targetsOf(translation, scheme);
            }

            @Override
            public Map<String, Object> failover(ResourceKey upstream) {
                return failoverOf(translation, upstream);
            }

            @Override
            public Map<String, Object> traffic(ResourceKey scheme) {
                return trafficOf(translation, scheme);
            }

            @Override
            public Map<String, Object> readiness(ResourceKey scheme) {
                dev.spillway.api.status.SchemeReadiness r = statuses.readiness().get(scheme);
                return r == null ? Map.of() : dev.spillway.server.status.ReadinessReport.of(r);
            }
        });
    }

    /** What a FailoverScheme's thresholds do, as its status shows it; empty for a scheme not accepted. */
    public static Map<String, Object> trafficOf(Translation translation, ResourceKey scheme) {
        if (translation == null) {
            return Map.of();
        }
        for (FailoverOutcome outcome : translation.resolution().failovers()) {
            if (outcome.scheme().equals(scheme)) {
                return StatusReport.traffic(outcome);
            }
        }
        return Map.of();
    }

    /**
     * Where a primary Upstream fails over to, as its status shows it: the FailoverScheme and each
     * tier's target with the endpoint chosen for it; empty for an Upstream no scheme fails over.
     */
    public static Map<String, Object> failoverOf(Translation translation, ResourceKey upstream) {
        if (translation == null || upstream.kind() != dev.spillway.api.model.Kind.UPSTREAM) {
            return Map.of();
        }
        String primary = upstream.cluster() + "/" + upstream.name() + "_" + upstream.namespace();
        for (FailoverOutcome outcome : translation.resolution().failovers()) {
            if (outcome.primary().equals(primary)) {
                Map<String, Object> failover = new java.util.LinkedHashMap<>();
                failover.put(
                        "scheme",
                        outcome.scheme().namespace() + "/" + outcome.scheme().name());
                failover.put("targets", StatusReport.targets(outcome));
                return failover;
            }
        }
        return Map.of();
    }

    @Override
    public void close() {
        if (discovery != null) {
            discovery.close();
        }
        reporter.close();
        events.close();
        election.close();
        source.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
