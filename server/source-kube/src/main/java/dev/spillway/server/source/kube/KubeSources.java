package dev.spillway.server.source.kube;

import dev.spillway.api.model.ClusterRegistration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the Kubernetes source from cluster registrations as {@code glooctl cluster register
 * --cluster-name N --context C} records them: one {@code name=context} pair per cluster.
 */
public final class KubeSources {

    private KubeSources() {}

    /**
     * A Secret holding a kubeconfig, by namespace and name.
     */
    public record SecretRef(String namespace, String name) {
        public SecretRef {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    /**
     * One cluster registration.
     *
     * @param clusterName      federation cluster name ({@code local})
     * @param kubeContext      kubeconfig context of its API server ({@code gloo-fed}); empty for the current one
     * @param kubeconfigSecret the Secret holding its kubeconfig in the cluster Spillway runs in, as
     *                         {@code spillway cluster register} stores it; null to use {@code kubeContext}
     * @param registration     its region, zone and network, or null
     */
    public record Registration(
            String clusterName, String kubeContext, SecretRef kubeconfigSecret, ClusterRegistration registration) {
        public Registration {
            Objects.requireNonNull(clusterName, "clusterName");
            kubeContext = kubeContext == null ? "" : kubeContext;
            if (clusterName.isBlank()) {
                throw new IllegalArgumentException("cluster name must not be empty");
            }
        }

        /** A cluster reached through a kubeconfig context. */
        public Registration(String clusterName, String kubeContext) {
            this(clusterName, kubeContext, null, null);
        }

        /** True for the cluster Spillway runs in: neither a context nor a Secret names how to reach it. */
        public boolean home() {
            return kubeContext.isEmpty() && kubeconfigSecret == null;
        }

        /** Parses {@code name=context}, or {@code name} alone for the current context. */
        public static Registration parse(String text) {
            int eq = text.indexOf('=');
            String name = (eq < 0 ? text : text.substring(0, eq)).trim();
            String context = eq < 0 ? "" : text.substring(eq + 1).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(
                        "cluster registration must be <cluster name>=<kube context>: " + text);
            }
            return new Registration(name, context);
        }
    }

    /** Parses each {@code name=context} pair; names must be distinct. */
    public static List<Registration> parse(List<String> pairs) {
        List<Registration> registrations = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String pair : pairs) {
            Registration registration = Registration.parse(pair);
            if (!names.add(registration.clusterName())) {
                throw new IllegalArgumentException("cluster " + registration.clusterName() + " is registered twice");
            }
            registrations.add(registration);
        }
        return registrations;
    }

    /** Connects to every registered cluster through its kubeconfig context (no request is made before the source starts). */
    public static List<ClusterConnection> connect(List<Registration> registrations) {
        return registrations.stream()
                .map(r -> ClusterConnection.fromContext(r.clusterName(), r.kubeContext()))
                .toList();
    }

    /** Connects to every registered cluster through a context of the given kubeconfig file. */
    public static List<ClusterConnection> connect(List<Registration> registrations, File kubeconfig) {
        return registrations.stream()
                .map(r -> ClusterConnection.fromKubeconfig(
                        r.clusterName(), r.kubeContext().isEmpty() ? null : r.kubeContext(), kubeconfig))
                .toList();
    }

    /**
     * The members of the source for these registrations: a cluster with a kubeconfig Secret is read
     * through it (the Secret is read with {@code home}); any other through {@code connect} (a context).
     *
     * @param home    client of the cluster Spillway runs in, where the kubeconfig Secrets are
     * @param connect makes the connection of a registration without a Secret; owned by the caller
     */
    public static List<ClusterMember> members(
            List<Registration> registrations,
            KubernetesClient home,
            java.util.function.Function<Registration, ClusterConnection> connect) {
        return registrations.stream()
                .map(r -> r.kubeconfigSecret() != null
                        ? ClusterMember.fromKubeconfigSecret(
                                r.clusterName(), home, r.kubeconfigSecret(), r.kubeContext(), r.registration())
                        : ClusterMember.of(withRegistration(connect.apply(r), r.registration())))
                .toList();
    }

    private static ClusterConnection withRegistration(ClusterConnection connection, ClusterRegistration registration) {
        return registration == null ? connection : connection.withRegistration(registration);
    }

    /** A source over the registered clusters; close it, then the connections. */
    public static KubeSource source(List<ClusterConnection> connections, KubeSourceOptions options) {
        return new KubeSource(connections, options);
    }
}
