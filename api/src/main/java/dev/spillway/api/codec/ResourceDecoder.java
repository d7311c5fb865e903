package dev.spillway.api.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.KubeKind;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Gloo-shaped YAML files into resource records with their schema problems. Every fault is a
 * {@link Problem} value: a bad field rejects its own resource, a file that is not YAML rejects
 * only that file, and nothing is thrown.
 */
public final class ResourceDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceDecoder.class);

    private ResourceDecoder() {}

    /**
     * Decodes every document of one YAML file (multi-document, {@code ---}). Never throws on bad input.
     *
     * @param cluster  the federation cluster the file belongs to
     * @param fileName the file's name, relative to the cluster's directory; names the file in problems
     * @param text     the file's content
     * @return the documents of known kinds in file order, or the reason the file is not YAML
     */
    public static DecodedFile decode(String cluster, String fileName, String text) {
        YamlDocuments.Parsed parsed = YamlDocuments.parse(text);
        if (parsed.error() != null) {
            ResourceKey fileKey = new ResourceKey(Kind.FILE, cluster, "", fileName);
            return new DecodedFile(cluster, fileName, List.of(), Problem.error(fileKey, "", parsed.error()));
        }
        List<Decoded> documents = new ArrayList<>();
        for (int i = 0; i < parsed.documents().size(); i++) {
            YamlDocuments.Document document = parsed.documents().get(i);
            if (document.error() != null) {
                // Its line and column say which document it is.
                ResourceKey fileKey = new ResourceKey(Kind.FILE, cluster, "", fileName);
                documents.add(new Decoded(fileKey, null, List.of(Problem.error(fileKey, "", document.error()))));
            } else {
                decodeDocument(cluster, fileName, i + 1, document.tree()).ifPresent(documents::add);
            }
        }
        return new DecodedFile(cluster, fileName, documents, null);
    }

    /** One document, or nothing when it is empty or of a kind Spillway does not read. */
    private static Optional<Decoded> decodeDocument(String cluster, String fileName, int index, JsonNode doc) {
        if (doc.isNull()) {
            return Optional.empty();
        }
        String where = cluster + "/" + fileName + " document " + index;
        if (!doc.isObject()) {
            return Optional.of(fileError(cluster, fileName, index, "must be an object"));
        }
        JsonNode kindNode = doc.path("kind");
        if (!kindNode.isTextual() || kindNode.textValue().isEmpty()) {
            String fault = kindNode.isMissingNode() || kindNode.isNull() || kindNode.isTextual()
                    ? "kind is required"
                    : "kind must be a string";
            return Optional.of(fileError(cluster, fileName, index, fault));
        }
        JsonNode apiVersionNode = doc.path("apiVersion");
        String apiVersion = apiVersionNode.isTextual() ? apiVersionNode.textValue() : null;
        Optional<KnownKind> known = KnownKind.of(apiVersion, kindNode.textValue());
        if (known.isEmpty()) {
            Optional<KubeKind> meant = NearMissKind.of(apiVersion, kindNode.textValue());
            if (meant.isPresent()) {
                return Optional.of(fileWarning(
                        cluster,
                        fileName,
                        index,
                        "apiVersion " + apiVersionNode.asText() + " kind " + kindNode.textValue()
                                + " is not a kind Spillway reads: ignored; did you mean apiVersion "
                                + meant.get().apiVersion() + " kind "
                                + meant.get().kindName() + "?"));
            }
            LOG.debug(
                    "{}: skipping {} {} {}: not a kind Spillway reads",
                    where,
                    apiVersionNode.asText(),
                    kindNode.textValue(),
                    describe(doc));
            return Optional.empty();
        }
        if (known.get() == KnownKind.SECRET && !SecretDecoder.isTls(doc)) {
            LOG.debug("{}: skipping Secret {}: not a TLS secret", where, describe(doc));
            return Optional.empty();
        }
        JsonNode nameNode = doc.path("metadata").path("name");
        if (!nameNode.isTextual() || nameNode.textValue().isEmpty()) {
            String fault = nameNode.isMissingNode() || nameNode.isNull() || nameNode.isTextual()
                    ? "metadata.name is required"
                    : "metadata.name must be a string";
            return Optional.of(fileError(cluster, fileName, index, fault));
        }
        return Optional.of(decodeKnown(cluster, known.get(), doc));
    }

    private static Decoded decodeKnown(String cluster, KnownKind known, JsonNode doc) {
        JsonNode metadata = doc.path("metadata");
        String namespace = known.clusterScoped() ? "" : Metadata.namespace(metadata);
        ResourceKey key = new ResourceKey(
                known.kind(), cluster, namespace, metadata.path("name").textValue());
        Optional<Problem> wrongVersion = apiVersionProblem(key, known, doc.get("apiVersion"));
        if (wrongVersion.isPresent()) {
            // The rest of the document follows another schema: reporting its fields would only mislead.
            return new Decoded(key, null, List.of(wrongVersion.get()));
        }
        DecodeContext context = new DecodeContext(key, known.reportsUnknownFields());
        NodeReader root = NodeReader.root(context, doc);
        root.skip("apiVersion", "kind", "status");
        ObjectMeta meta = Metadata.read(root, cluster, known.clusterScoped());
        Resource resource = known.decoder().decode(root, meta);
        return new Decoded(key, context.hasErrors() ? null : resource, context.problems());
    }

    /** Rendered as {@code apiVersion gateway.solo.io/v2 is not supported (expected gateway.solo.io/v1)}. */
    private static Optional<Problem> apiVersionProblem(ResourceKey key, KnownKind known, JsonNode apiVersion) {
        if (apiVersion == null
                || apiVersion.isNull()
                || apiVersion.isTextual() && apiVersion.textValue().isEmpty()) {
            return Optional.of(Problem.error(key, "apiVersion", "is required"));
        }
        if (!apiVersion.isTextual()) {
            return Optional.of(Problem.error(key, "apiVersion", "must be a string"));
        }
        if (!apiVersion.textValue().equals(known.apiVersion())) {
            return Optional.of(Problem.error(
                    key,
                    "apiVersion",
                    apiVersion.textValue() + " is not supported (expected " + known.apiVersion() + ")"));
        }
        return Optional.empty();
    }

    /** {@code namespace/name} of a document, for log lines. */
    private static String describe(JsonNode doc) {
        JsonNode metadata = doc.path("metadata");
        String namespace = metadata.path("namespace").asText();
        return (namespace.isEmpty() ? "" : namespace + "/")
                + metadata.path("name").asText();
    }

    /** A warning about a document that yields no resource: reported on its file. */
    private static Decoded fileWarning(String cluster, String fileName, int index, String message) {
        ResourceKey fileKey = new ResourceKey(Kind.FILE, cluster, "", fileName);
        return new Decoded(fileKey, null, List.of(Problem.warning(fileKey, "", "document " + index + ": " + message)));
    }

    private static Decoded fileError(String cluster, String fileName, int index, String fault) {
        ResourceKey fileKey = new ResourceKey(Kind.FILE, cluster, "", fileName);
        Problem problem = Problem.error(fileKey, "", "document " + index + ": " + fault);
        return new Decoded(fileKey, null, List.of(problem));
    }
}
