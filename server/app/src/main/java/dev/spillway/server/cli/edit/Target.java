package dev.spillway.server.cli.edit;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a command reads and writes resources: a config directory's cluster ({@code --config-dir DIR
 * --cluster C}, file mode, what {@code spillway serve --config-dir} reads) or a Kubernetes cluster
 * ({@code --context C}, or the current context when neither is given, as glooctl does).
 */
public final class Target {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--config-dir",
            paramLabel = "DIR",
            description = "file mode: the config directory (one sub-directory per cluster), e.g. examples/failover")
    Path configDir;

    @Option(
            names = "--cluster",
            paramLabel = "CLUSTER",
            description = "file mode: the cluster, i.e. the sub-directory of DIR, e.g. local")
    String cluster;

    @Mixin
    KubeTarget kube;

    /** True in file mode; checks that the options of the two modes are not mixed. */
    public boolean fileMode() {
        if (configDir != null) {
            if (cluster == null || cluster.isEmpty()) {
                throw usage("--cluster is required with --config-dir (the sub-directory to write in, e.g. local)");
            }
            if (kube.given()) {
                throw usage("--context and --kubeconfig are for Kubernetes mode; they do not go with --config-dir");
            }
            return true;
        }
        if (cluster != null) {
            throw usage("--cluster needs --config-dir (in Kubernetes mode, choose the cluster with --context)");
        }
        return false;
    }

    /** The cluster's directory (file mode). */
    public ClusterDirectory directory() {
        return new ClusterDirectory(configDir, cluster);
    }

    /** A client of the chosen context (Kubernetes mode). */
    public KubernetesClient connect(KubeClients clients) {
        return kube.connect(clients);
    }

    /** {@code context gloo-fed} or {@code the current context}, for messages. */
    public String describeContext() {
        return kube.describe();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(mixee.commandLine(), message);
    }
}
