package dev.spillway.server.source.kube;

import dev.spillway.api.model.ClusterRegistration;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.util.Objects;

/**
 * A registered federation cluster and the client that reaches its API server, as
 * {@code glooctl cluster register --cluster-name N --context C} records it.
 *
 * @param name         federation cluster name ({@code local}); names its resources in the inventory
 * @param client       client of the cluster's API server; owned by whoever built this connection
 * @param registration region, zone, network and optional explicit failover address; null when the
 *                     cluster was registered with its name only
 */
public record ClusterConnection(String name, KubernetesClient client, ClusterRegistration registration)
        implements AutoCloseable {

    public ClusterConnection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(client, "client");
        if (name.isBlank()) {
            throw new IllegalArgumentException("cluster name must not be empty");
        }
        if (registration != null
                && !(registration.meta().name().equals(name)
                        && registration.meta().cluster().equals(name))) {
            throw new IllegalArgumentException(
                    "registration of cluster " + registration.meta().name() + " given for cluster " + name);
        }
    }

    /** A cluster registered with its name only. */
    public static ClusterConnection of(String name, KubernetesClient client) {
        return new ClusterConnection(name, client, null);
    }

    /**
     * Connects to the API server of a kubeconfig context, found as kubectl finds it
     * ({@code KUBECONFIG}, then {@code ~/.kube/config}).
     *
     * @param name    federation cluster name
     * @param context kubeconfig context; null or empty for the current one
     */
    public static ClusterConnection fromContext(String name, String context) {
        String ctx = context == null || context.isEmpty() ? null : context;
        return of(
                name,
                new KubernetesClientBuilder()
                        .withConfig(Config.autoConfigure(ctx))
                        .build());
    }

    /** Connects through a context of the given kubeconfig file. */
    public static ClusterConnection fromKubeconfig(String name, String context, File kubeconfig) {
        return of(
                name,
                new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(context, kubeconfig))
                        .build());
    }

    /** This connection with region, zone, network or an explicit failover address. */
    public ClusterConnection withRegistration(ClusterRegistration registration) {
        return new ClusterConnection(name, client, registration);
    }

    /** Closes the client. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "cluster " + name + " (" + client.getMasterUrl() + ")";
    }
}
