package dev.spillway.server.cli.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.function.Function;

/**
 * How the editing commands write through the Kubernetes API: read the object, compute its new
 * version from it, and write that with the resourceVersion read, reading again when another writer
 * got there first. A write never silently undoes a concurrent change.
 */
public final class KubeWrites {

    /** Conflicts on a busy object are retried this many times. */
    public static final int ATTEMPTS = 5;

    private KubeWrites() {}

    /** What a write did. */
    public record Written(ObjectNode object, boolean created) {}

    /**
     * Creates or updates the object named {@code name}.
     *
     * @param edit the new object from the current one (null when there is none); may throw an
     *             {@link EditException}, which nothing is written after
     */
    public static Written upsert(
            NonNamespaceOperation<
                            GenericKubernetesResource,
                            GenericKubernetesResourceList,
                            Resource<GenericKubernetesResource>>
                    objects,
            String name,
            Function<JsonNode, ObjectNode> edit) {
        for (int attempt = 1; ; attempt++) {
            GenericKubernetesResource current = objects.withName(name).get();
            ObjectNode next = edit.apply(current == null ? null : KubeKinds.tree(current));
            if (current != null && next.path("metadata") instanceof ObjectNode meta) {
                // The update carries the version read above: a change since then is a conflict.
                meta.put("resourceVersion", current.getMetadata().getResourceVersion());
            }
            try {
                if (current == null) {
                    objects.resource(KubeKinds.generic(next)).create();
                } else {
                    objects.resource(KubeKinds.generic(next)).update();
                }
                return new Written(next, current == null);
            } catch (KubernetesClientException e) {
                boolean raced = e.getCode() == HttpURLConnection.HTTP_CONFLICT;
                if (!raced || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Creates {@code secret}, or replaces the Secret of its name; true when it was created. */
    public static boolean replace(KubernetesClient client, Secret secret) {
        String namespace = secret.getMetadata().getNamespace();
        String name = secret.getMetadata().getName();
        for (int attempt = 1; ; attempt++) {
            Secret current =
                    client.secrets().inNamespace(namespace).withName(name).get();
            try {
                if (current == null) {
                    client.secrets().inNamespace(namespace).resource(secret).create();
                } else {
                    secret.getMetadata()
                            .setResourceVersion(current.getMetadata().getResourceVersion());
                    client.secrets().inNamespace(namespace).resource(secret).update();
                }
                return current == null;
            } catch (KubernetesClientException e) {
                boolean raced = e.getCode() == HttpURLConnection.HTTP_CONFLICT;
                if (!raced || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
