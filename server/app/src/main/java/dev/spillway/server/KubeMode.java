package dev.spillway.server;

import dev.spillway.api.codec.Decoded;
import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.server.status.StatusReport;
import dev.spillway.translator.Translation;
import dev.spillway.translator.resolve.FailoverOutcome;
import java.util.Map;
import dev.spillway.server.source.kube.ClusterConnection;
import dev.spillway.server.source.kube.KubeSource;
import dev.spillway.server.source.kube.KubeSourceOptions;
import dev.spillway.server.source.kube.KubeSources;
import dev.spillway.server.writeback.LeaderElection;
import dev.spillway.server.writeback.StatusReporter;
import dev.spillway.server.writeback.StatusWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Serving from Kubernetes clusters: the source, and the statuses written back to the resources by the
 * leader only (every replica serves xDS).
 */
public final class KubeMode implements AutoCloseable {
    private final List<ClusterConnection> connections;
    private final KubeSource source;
    private final LeaderElection election;
    private final StatusReporter reporter;
    private final StatusWriter writer;

    private KubeMode(List<ClusterConnection> connections, String leaseNamespace) {
        this.connections = connections;
        this.source = KubeSources.source(connections, KubeSourceOptions.DEFAULTS);
        this.election = LeaderElection.inFirstCluster(connections, leaseNamespace);
        this.writer = StatusWriter.forClusters(connections, election);
        this.reporter = new StatusReporter(writer);
    }

    /**
     * Connects to the clusters named {@code name=context} (empty context: the current one, or the
     * pod's own cluster in a pod).
     */
    public static KubeMode connect(List<KubeSources.Registration> registrations, Path kubeconfig, String leaseNamespace) {
        List<ClusterConnection> connections = kubeconfig == null ? KubeSources.connect(registrations)
                : KubeSources.connect(registrations, kubeconfig.toFile());
        return new KubeMode(connections, leaseNamespace);
    }

    /** Reads {@code spillway.dev/v1 Cluster} documents: each names a cluster and its kube context. */
    public static List<KubeSources.Registration> registrations(Path file) throws IOException {
        DecodedFile decoded = ResourceDecoder.decode("", file.getFileName().toString(), Files.readString(file));
        if (decoded.fileProblem() != null) {
            throw new IllegalArgumentException(file + ": " + decoded.fileProblem().text());
        }
        List<KubeSources.Registration> out = new ArrayList<>();
        for (Decoded d : decoded.documents()) {
            if (d.resource() instanceof ClusterRegistration c) {
                out.add(new KubeSources.Registration(c.meta().name(), c.kubeContext()));
            } else if (d.rejected()) {
                throw new IllegalArgumentException(file + ": " + d.problems().get(0).text());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no spillway.dev/v1 Cluster documents");
        }
        return out;
    }

    public KubeSource source() {
        return source;
    }

    /** Starts campaigning and writes statuses back while leader. */
    public void attach(ControlPlane plane) {
        writer.targetsFrom(key -> targetsOf(plane.translation(), key));
        election.start();
        plane.addStatusListener(statuses -> reporter.submit(source.current(), statuses));
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

    @Override
    public void close() {
        reporter.close();
        election.close();
        source.close();
        connections.forEach(c -> c.client().close());
    }
}
