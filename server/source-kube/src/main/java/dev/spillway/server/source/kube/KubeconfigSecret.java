package dev.spillway.server.source.kube;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Secret holding a federation cluster's kubeconfig (key {@value #KEY}), as {@code spillway cluster
 * register} (like {@code glooctl cluster register}) stores it in the cluster Spillway runs in, watched
 * so that a new kubeconfig (rotated credentials, a moved API server) is used as soon as it is stored.
 * Only the server URL is ever logged, never the credentials.
 */
final class KubeconfigSecret implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubeconfigSecret.class);

    /** The Secret's data key holding the kubeconfig. */
    static final String KEY = "kubeconfig";

    /** What the Secret says, each time it says something new. */
    interface Listener {
        /** A kubeconfig different from the last one. */
        void kubeconfig(Config config);

        /** The Secret was read and does not exist (yet). */
        void missing();
    }

    private final String cluster;
    private final KubernetesClient home;
    private final KubeSources.SecretRef ref;
    private final String context;
    private final Listener listener;
    private SharedIndexInformer<Secret> informer;
    /** The kubeconfig last handed on; informer thread only. */
    private String last;

    /**
     * @param cluster the federation cluster the kubeconfig reaches
     * @param home    client of the cluster holding the Secret
     * @param context the kubeconfig context to use when the kubeconfig has it; else its current context
     */
    KubeconfigSecret(
            String cluster, KubernetesClient home, KubeSources.SecretRef ref, String context, Listener listener) {
        this.cluster = cluster;
        this.home = home;
        this.ref = ref;
        this.context = context == null ? "" : context;
        this.listener = listener;
    }

    synchronized void start() {
        if (informer != null) {
            return;
        }
        informer =
                home.secrets().inNamespace(ref.namespace()).withName(ref.name()).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Secret secret) {
                read(secret);
            }

            @Override
            public void onUpdate(Secret before, Secret secret) {
                read(secret);
            }

            @Override
            public void onDelete(Secret secret, boolean finalStateUnknown) {
                LOG.warn(
                        "cluster {}: Secret {} deleted: still reading the cluster through the kubeconfig it held",
                        cluster,
                        ref);
            }
        });
        informer.start().whenComplete((ok, error) -> {
            if (error == null && informer.getStore().list().isEmpty()) {
                LOG.warn(
                        "cluster {}: no Secret {} (key {}) yet: the cluster is read once it exists", cluster, ref, KEY);
                listener.missing();
            }
        });
    }

    private void read(Secret secret) {
        String text = kubeconfigOf(secret);
        if (text == null) {
            LOG.warn("cluster {}: Secret {} has no key {}: kubeconfig not changed", cluster, ref, KEY);
            return;
        }
        if (text.equals(last)) {
            return;
        }
        Config config;
        try {
            config = Config.fromKubeconfig(hasContext(text, context) ? context : null, text, null);
        } catch (RuntimeException e) {
            // The exception may quote the file: name the Secret only.
            LOG.warn(
                    "cluster {}: Secret {} key {} is not a usable kubeconfig: kubeconfig not changed",
                    cluster,
                    ref,
                    KEY);
            return;
        }
        last = text;
        LOG.info("cluster {}: kubeconfig from Secret {}: API server {}", cluster, ref, config.getMasterUrl());
        listener.kubeconfig(config);
    }

    private static String kubeconfigOf(Secret secret) {
        if (secret.getData() != null && secret.getData().get(KEY) != null) {
            try {
                return new String(Base64.getDecoder().decode(secret.getData().get(KEY)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(KEY);
    }

    /** True when the kubeconfig names the context. */
    static boolean hasContext(String kubeconfig, String context) {
        if (context.isEmpty()) {
            return false;
        }
        try {
            io.fabric8.kubernetes.api.model.Config parsed =
                    Serialization.unmarshal(kubeconfig, io.fabric8.kubernetes.api.model.Config.class);
            return parsed.getContexts() != null
                    && parsed.getContexts().stream()
                            .map(NamedContext::getName)
                            .anyMatch(n -> Objects.equals(n, context));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.stop();
        }
    }
}
