package dev.spillway.server.cli.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spillway.api.codec.Yaml;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kubeconfig of one context, made self-contained to be stored in a Secret of the management
 * cluster (what {@code glooctl cluster register} stores): only that context, its cluster and its user,
 * with the files they name (CA, client certificate and key, token file) inlined, since the control
 * plane's pod has none of the operator's files.
 */
public final class Kubeconfigs {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** File fields and the inline field each becomes. */
    private static final Map<String, String> CLUSTER_FILES =
            Map.of("certificate-authority", "certificate-authority-data");

    private static final Map<String, String> USER_FILES =
            Map.of("client-certificate", "client-certificate-data", "client-key", "client-key-data");

    private Kubeconfigs() {}

    /**
     * One context's kubeconfig.
     *
     * @param yaml     the kubeconfig text
     * @param server   the API server URL of the context's cluster
     * @param warnings what may stop the control plane from using it (credentials that run a command)
     */
    public record Extracted(String yaml, String server, List<String> warnings) {}

    /**
     * Extracts {@code context} from a kubeconfig file, or from kubectl's ({@code KUBECONFIG}, whose
     * files merge with the first occurrence of a name winning, else {@code ~/.kube/config}).
     *
     * @throws EditException naming the files when the context, its cluster or its user is missing
     */
    public static Extracted extract(Path kubeconfig, String context) {
        List<Path> files = kubeconfig != null ? List.of(kubeconfig) : defaultFiles(System.getenv("KUBECONFIG"));
        Map<String, Entry> contexts = new LinkedHashMap<>();
        Map<String, Entry> clusters = new LinkedHashMap<>();
        Map<String, Entry> users = new LinkedHashMap<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                if (kubeconfig != null) {
                    throw new EditException("kubeconfig " + file + " does not exist");
                }
                continue;
            }
            JsonNode config;
            try {
                config = Yaml.reader().readTree(Files.readString(file));
            } catch (IOException e) {
                throw new EditException("kubeconfig " + file + ": is not valid YAML: " + e.getMessage(), e);
            }
            collect(config, "contexts", "context", file, contexts);
            collect(config, "clusters", "cluster", file, clusters);
            collect(config, "users", "user", file, users);
        }
        String where = files.size() == 1 ? "kubeconfig " + files.get(0) : "the kubeconfig files " + files;
        Entry ctx = contexts.get(context);
        if (ctx == null) {
            throw new EditException("no context " + context + " in " + where + " (contexts: "
                    + (contexts.isEmpty() ? "none" : String.join(", ", contexts.keySet())) + ")");
        }
        String clusterName = ctx.body().path("cluster").asText();
        String userName = ctx.body().path("user").asText();
        Entry cluster = clusters.get(clusterName);
        if (cluster == null) {
            throw new EditException(
                    "context " + context + " names cluster " + clusterName + ", which is not in " + where);
        }
        Entry user = users.get(userName);
        if (user == null && !userName.isEmpty()) {
            throw new EditException("context " + context + " names user " + userName + ", which is not in " + where);
        }
        List<String> warnings = new ArrayList<>();
        ObjectNode clusterBody = inline(cluster, CLUSTER_FILES);
        ObjectNode userBody = user == null ? NODES.objectNode() : inline(user, USER_FILES);
        if (userBody.has("tokenFile")) {
            userBody.put(
                    "token",
                    new String(read(user, userBody.get("tokenFile").asText()), StandardCharsets.UTF_8).strip());
            userBody.remove("tokenFile");
        }
        if (userBody.has("exec")) {
            warnings.add("the credentials of context " + context + " run a command ("
                    + userBody.path("exec").path("command").asText() + ") that the control plane's pod does not have;"
                    + " register with a service account token instead");
        }
        if (userBody.has("auth-provider")) {
            warnings.add("the credentials of context " + context + " use the auth provider "
                    + userBody.path("auth-provider").path("name").asText()
                    + ", which fabric8 may not refresh in the pod");
        }
        ObjectNode out = NODES.objectNode();
        out.put("apiVersion", "v1");
        out.put("kind", "Config");
        ArrayNode outClusters = out.putArray("clusters");
        outClusters.addObject().put("name", clusterName).set("cluster", clusterBody);
        ArrayNode outUsers = out.putArray("users");
        outUsers.addObject().put("name", userName).set("user", userBody);
        ArrayNode outContexts = out.putArray("contexts");
        ObjectNode contextBody = NODES.objectNode().put("cluster", clusterName).put("user", userName);
        if (ctx.body().has("namespace")) {
            contextBody.put("namespace", ctx.body().get("namespace").asText());
        }
        outContexts.addObject().put("name", context).set("context", contextBody);
        out.put("current-context", context);
        return new Extracted(Yaml.write(out), clusterBody.path("server").asText(), warnings);
    }

    /** kubectl's kubeconfig files: {@code $KUBECONFIG}'s, else {@code ~/.kube/config}. */
    static List<Path> defaultFiles(String kubeconfigVariable) {
        if (kubeconfigVariable != null && !kubeconfigVariable.isBlank()) {
            List<Path> files = new ArrayList<>();
            for (String part : kubeconfigVariable.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    files.add(Path.of(part));
                }
            }
            return files;
        }
        return List.of(Path.of(System.getProperty("user.home"), ".kube", "config"));
    }

    /**
     * A named entry and the file it came from.
     *
     * @param body the entry's body ({@code context:}, {@code cluster:} or {@code user:})
     * @param file its kubeconfig file; relative paths in it are relative to its directory
     */
    private record Entry(JsonNode body, Path file) {}

    private static void collect(JsonNode config, String list, String field, Path file, Map<String, Entry> into) {
        for (JsonNode named : config.path(list)) {
            into.putIfAbsent(named.path("name").asText(), new Entry(named.path(field), file));
        }
    }

    private static ObjectNode inline(Entry entry, Map<String, String> files) {
        ObjectNode body = entry.body().isObject() ? ((ObjectNode) entry.body()).deepCopy() : NODES.objectNode();
        files.forEach((fileField, dataField) -> {
            if (body.hasNonNull(fileField)) {
                body.put(
                        dataField,
                        Base64.getEncoder()
                                .encodeToString(read(entry, body.get(fileField).asText())));
                body.remove(fileField);
            }
        });
        return body;
    }

    private static byte[] read(Entry entry, String name) {
        Path path = Path.of(name);
        if (!path.isAbsolute() && entry.file().toAbsolutePath().getParent() != null) {
            path = entry.file().toAbsolutePath().getParent().resolve(path);
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new EditException(
                    "kubeconfig " + entry.file() + " names " + name + ", which cannot be read: " + e.getMessage(), e);
        }
    }
}
