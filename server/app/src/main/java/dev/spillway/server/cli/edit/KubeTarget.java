package dev.spillway.server.cli.edit;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The Kubernetes cluster a command talks to: {@code --context} of {@code --kubeconfig}, or the current
 * context of the usual kubeconfig lookup when neither is given, as kubectl and glooctl do.
 */
public final class KubeTarget {

    @Option(
            names = "--context",
            paramLabel = "CONTEXT",
            description = "Kubernetes mode: the kubeconfig context (default: the current context)")
    String context;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "Kubernetes mode: the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)")
    Path kubeconfig;

    /** True when either option was given. */
    public boolean given() {
        return context != null || kubeconfig != null;
    }

    /** A client of the chosen context. */
    public KubernetesClient connect(KubeClients clients) {
        return clients.connect(context, kubeconfig);
    }

    /** {@code context gloo-fed} or {@code the current context}, for messages. */
    public String describe() {
        return context == null ? "the current context" : "context " + context;
    }
}
