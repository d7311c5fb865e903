package dev.spillway.server.cli.edit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/** How commands reach a Kubernetes API server; tests hand commands a client of a mock server instead. */
@FunctionalInterface
public interface KubeClients {

    /**
     * A client of the API server of a kubeconfig context.
     *
     * @param context    the context; null for the current one
     * @param kubeconfig the kubeconfig file; null for kubectl's ({@code KUBECONFIG}, then {@code ~/.kube/config})
     * @throws EditException when the file or the context does not exist
     */
    KubernetesClient connect(String context, Path kubeconfig);

    /** Clients from the kubeconfig, found as kubectl finds it. */
    KubeClients KUBECONFIG = (context, kubeconfig) -> {
        Config config;
        if (kubeconfig != null) {
            if (!Files.isRegularFile(kubeconfig)) {
                throw new EditException("kubeconfig " + kubeconfig + " does not exist");
            }
            config = Config.fromKubeconfig(context, kubeconfig.toFile());
        } else {
            config = Config.autoConfigure(context);
        }
        if (context != null
                && (config.getCurrentContext() == null
                        || !context.equals(config.getCurrentContext().getName()))) {
            throw new EditException("no context " + context + " in "
                    + (kubeconfig != null ? kubeconfig.toString() : "the kubeconfig ($KUBECONFIG or ~/.kube/config)"));
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    };
}
