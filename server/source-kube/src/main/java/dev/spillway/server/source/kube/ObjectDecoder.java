package dev.spillway.server.source.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spillway.api.codec.Decoded;
import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.model.Resource;
import dev.spillway.api.source.DecodedEntries;
import dev.spillway.api.source.Inventory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Optional;

/**
 * Turns one Kubernetes object into its inventory entry through the same decoder the file source
 * uses: the object is written as JSON (a YAML document) and decoded, so both sources yield exactly
 * the same model and the same problems.
 */
final class ObjectDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ObjectDecoder() {}

    /** {@code Upstream/gloo-system/blue}: names the object in origins and decoder messages. */
    static String objectName(WatchedKind kind, HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        String prefix = kind.namespaced() && namespace != null ? namespace + "/" : "";
        return kind.kindName() + "/" + prefix + object.getMetadata().getName();
    }

    /**
     * @param cluster  the federation cluster the object was read from
     * @param kind     what it is
     * @param object   the object as the API server sent it
     * @param previous the entry this object yielded before, or null; its resource is kept when the
     *                 new version has schema errors, as the file source keeps a file's last good version
     * @return the entry, or nothing when the object is not one Spillway reads (a non-TLS Secret)
     */
    static Optional<Inventory.Entry> decode(
            String cluster, WatchedKind kind, HasMetadata object, Inventory.Entry previous) {
        String name = objectName(kind, object);
        DecodedFile file = ResourceDecoder.decode(cluster, name, json(kind, object));
        String origin = cluster + "/" + name;
        if (file.fileProblem() != null) {
            return Optional.of(DecodedEntries.unreadable(file.fileProblem(), origin));
        }
        if (file.documents().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(entry(file.documents().get(0), previous, origin));
    }

    private static Inventory.Entry entry(Decoded document, Inventory.Entry previous, String origin) {
        Resource lastGood = previous != null && previous.key().equals(document.key()) ? previous.resource() : null;
        return DecodedEntries.keepingLastGood(document, lastGood, origin);
    }

    /**
     * The object as JSON, with {@code apiVersion} and {@code kind} set: list responses may leave
     * them out of their items. The informer's cached object is not touched.
     */
    static String json(WatchedKind kind, HasMetadata object) {
        String json = Serialization.asJson(object);
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(json);
            tree.put("apiVersion", kind.apiVersion());
            tree.put("kind", kind.kindName());
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException | ClassCastException e) {
            // fabric8 wrote it: it is a JSON object. Let the decoder report whatever this is.
            return json;
        }
    }
}
