package dev.spillway.server.cli.edit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.codec.Yaml;
import dev.spillway.api.model.KubeKind;
import dev.spillway.server.source.kube.WatchedKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The custom resources the commands write through the API, addressed without API discovery, and the
 * conversion between fabric8's objects and the Jackson trees the codec works on (fabric8 brings its
 * own Jackson, so they meet as JSON text).
 */
public final class KubeKinds {

    /** {@code gateway.solo.io/v1 VirtualService}. */
    public static final ResourceDefinitionContext VIRTUAL_SERVICE = WatchedKind.context(KubeKind.VIRTUAL_SERVICE);
    /** {@code spillway.dev/v1 Cluster}, cluster-scoped. */
    public static final ResourceDefinitionContext CLUSTER = WatchedKind.context(KubeKind.CLUSTER);

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubeKinds() {}

    /** An object as a Jackson tree. */
    public static JsonNode tree(HasMetadata object) {
        return Yaml.read(SERIALIZATION.asJson(object));
    }

    /** A tree as a generic object. */
    public static GenericKubernetesResource generic(JsonNode tree) {
        return SERIALIZATION.unmarshal(Yaml.writeJson(tree), GenericKubernetesResource.class);
    }

    /** A tree (or YAML text) as a typed object. */
    public static <T> T typed(String yamlOrJson, Class<T> type) {
        return SERIALIZATION.unmarshal(yamlOrJson, type);
    }

    /** An object as YAML, for {@code --dry-run}. */
    public static String yaml(JsonNode tree) {
        return Yaml.write(tree);
    }
}
