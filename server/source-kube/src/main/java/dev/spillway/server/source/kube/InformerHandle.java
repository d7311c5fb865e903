package dev.spillway.server.source.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One informer of one cluster, and what its errors say. An API resource the cluster does not serve
 * (a CRD not installed there: FailoverSchemes usually live in one cluster only) or that Spillway may
 * not read (RBAC) must not hold up the whole cluster: such an informer counts as read and watching,
 * is retried in the background, and is logged.
 */
final class InformerHandle {

    private static final Logger LOG = LoggerFactory.getLogger(InformerHandle.class);

    private final String cluster;
    private final WatchedKind kind;
    private final String namespace;
    private final SharedIndexInformer<? extends HasMetadata> informer;
    private final Runnable onProgress;
    private volatile Throwable lastError;
    private volatile boolean stopped;

    /**
     * @param namespace the namespace informed on, null for all (or for cluster-scoped kinds)
     * @param onProgress called once the first list was read and after every list or watch error
     */
    InformerHandle(
            String cluster,
            WatchedKind kind,
            String namespace,
            SharedIndexInformer<? extends HasMetadata> informer,
            Runnable onProgress) {
        this.cluster = cluster;
        this.kind = kind;
        this.namespace = namespace;
        this.informer = informer;
        this.onProgress = onProgress;
        informer.exceptionHandler(handler());
    }

    private ExceptionHandler handler() {
        return (started, error) -> {
            if (stopped) {
                return false;
            }
            boolean first = lastError == null;
            lastError = error;
            // Warned once per spell of errors: a CRD missing for good would otherwise warn forever.
            String what = "{} informer of cluster {}{}: {}"
                    + (unservable(error) ? " (read as empty until it can be read)" : " (retried)");
            if (first) {
                LOG.warn(what, kind.kindName(), cluster, where(), error.getMessage());
            } else {
                LOG.debug(what, kind.kindName(), cluster, where(), error.getMessage());
            }
            onProgress.run();
            // Retry everything: an API server that is down, a CRD installed later or RBAC fixed later.
            return !ExceptionHandler.isDeserializationException(error);
        };
    }

    private String where() {
        return namespace == null ? "" : " in namespace " + namespace;
    }

    /** 404: the resource is not served; 403: Spillway may not read it. */
    private static boolean unservable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k) {
                int code = k.getCode();
                return code == HttpURLConnection.HTTP_NOT_FOUND || code == HttpURLConnection.HTTP_FORBIDDEN;
            }
        }
        return false;
    }

    WatchedKind kind() {
        return kind;
    }

    /** {@code Upstream} or {@code Upstream in gloo-system}, for logs. */
    String describe() {
        return kind.kindName() + where();
    }

    /** Starts listing and watching; events go to the handlers added before. */
    void start() {
        informer.start().whenComplete((ok, error) -> {
            if (error == null) {
                lastError = null;
            }
            onProgress.run();
        });
    }

    /** True once the first list was read, or the resource turned out not to be servable. */
    boolean ready() {
        return informer.hasSynced() || unservable(lastError);
    }

    /** True while the watch is up, or the resource is not servable (nothing to watch). */
    boolean watching() {
        try {
            if (informer.isWatching()) {
                // Recovered: the next error is news again, worth a warning.
                lastError = null;
                return true;
            }
        } catch (RuntimeException e) {
            // isWatching() can throw while the informer is being stopped; it is not watching then.
            return false;
        }
        return !informer.hasSynced() && unservable(lastError);
    }

    /** The objects the informer holds. */
    List<? extends HasMetadata> objects() {
        return informer.getStore().list();
    }

    void stop() {
        stopped = true;
        informer.stop();
    }
}
