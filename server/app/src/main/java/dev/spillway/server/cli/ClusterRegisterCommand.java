package dev.spillway.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spillway.api.codec.ResourceEncoder;
import dev.spillway.api.codec.Yaml;
import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.server.cli.edit.Checks;
import dev.spillway.server.cli.edit.ClusterDirectory;
import dev.spillway.server.cli.edit.Commands;
import dev.spillway.server.cli.edit.EditException;
import dev.spillway.server.cli.edit.KubeClients;
import dev.spillway.server.cli.edit.KubeKinds;
import dev.spillway.server.cli.edit.KubeWrites;
import dev.spillway.server.cli.edit.Kubeconfigs;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spillway cluster register}: {@code glooctl cluster register}, to a config directory or a cluster. */
@Command(
        name = "register",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Registers a federation cluster, as `glooctl cluster register` does: a spillway.dev/v1 "
                    + "Cluster with its locality, network and how to reach its API server.",
            "File mode (--config-dir DIR) writes DIR/NAME/cluster.yaml, or replaces the Cluster document in "
                    + "DIR/NAME. Kubernetes mode (the current context, or --management-context) stores the kubeconfig "
                    + "of --context, made self-contained, in the Secret kubeconfig-NAME of --secret-namespace, and "
                    + "creates or replaces the Cluster resource naming it."
        },
        footer = {
            "",
            "The user guide's remote cluster, registered in the local one:",
            "  spillway cluster register --cluster-name remote \\",
            "      --context gloo-fed-2 --region remote-region"
        })
public final class ClusterRegisterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--cluster-name",
            required = true,
            paramLabel = "NAME",
            description = "the federation cluster's name, as FailoverSchemes and node metadata name it")
    String clusterName;

    @Option(
            names = "--context",
            paramLabel = "CONTEXT",
            description = "the kubeconfig context of the cluster's API server (required in Kubernetes mode)")
    String context;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "the kubeconfig holding --context (default: $KUBECONFIG, then ~/.kube/config)")
    Path kubeconfig;

    @Option(names = "--region", defaultValue = "", description = "locality region of the cluster's endpoints")
    String region;

    @Option(names = "--zone", defaultValue = "", description = "locality zone of the cluster's endpoints")
    String zone;

    @Option(
            names = "--network",
            defaultValue = "gateway",
            paramLabel = "gateway|flat",
            description = "gateway: other clusters reach it through its failover gateway (default); flat: its"
                    + " endpoint addresses are routable from them")
    String network;

    @Option(
            names = "--failover-address",
            paramLabel = "HOST:PORT",
            description = "its failover gateway's address, when it cannot be discovered from the Service port"
                    + " named failover")
    String failoverAddress;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "file mode: the config directory")
    Path configDir;

    @Option(
            names = "--management-context",
            paramLabel = "CONTEXT",
            description = "Kubernetes mode: where the Cluster and the Secret go (default: the current context)")
    String managementContext;

    @Option(
            names = "--secret-namespace",
            defaultValue = "spillway-system",
            description = "Kubernetes mode: the kubeconfig Secret's namespace (default: ${DEFAULT-VALUE})")
    String secretNamespace;

    @Option(names = "--dry-run", description = "print what would be written instead of writing it")
    boolean dryRun;

    private final KubeClients clients;

    public ClusterRegisterCommand() {
        this(KubeClients.KUBECONFIG);
    }

    /** A command that reaches Kubernetes through {@code clients}. */
    public ClusterRegisterCommand(KubeClients clients) {
        this.clients = clients;
    }

    @Override
    public Integer call() throws Exception {
        if (configDir != null && (kubeconfig != null || managementContext != null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--kubeconfig and --management-context are"
                            + " for Kubernetes mode; they do not go with --config-dir");
        }
        if (configDir == null && (context == null || context.isEmpty())) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--context is required in Kubernetes mode" + " (the kubeconfig context of cluster " + clusterName
                            + "); use --config-dir for file mode");
        }
        return Commands.guarded(
                spec,
                () -> "Cluster " + clusterName + " in "
                        + (managementContext == null ? "the current context" : "context " + managementContext),
                () -> configDir != null ? toDirectory() : toCluster());
    }

    private ClusterRegistration registration() {
        Checks.label("--cluster-name", clusterName);
        ClusterRegistration.Network mode = switch (network.toLowerCase(Locale.ROOT)) {
            case "gateway" -> ClusterRegistration.Network.GATEWAY;
            case "flat" -> ClusterRegistration.Network.FLAT;
            default -> throw new EditException("--network " + network + " must be gateway or flat");
        };
        return new ClusterRegistration(
                new ObjectMeta(clusterName, "", clusterName, Map.of(), 0, ""),
                region,
                zone,
                mode,
                failoverAddress == null ? null : hostPort(failoverAddress),
                context == null ? "" : context);
    }

    private int toDirectory() {
        ClusterRegistration registration = registration();
        JsonNode doc = Yaml.read(ResourceEncoder.encode(registration));
        ClusterDirectory dir = new ClusterDirectory(configDir, clusterName);
        ClusterDirectory.Written written =
                dir.upsert(Kind.CLUSTER, "", clusterName, "cluster.yaml", current -> doc, dryRun);
        Commands.warnings(spec, written.warnings(), dir.unreadable());
        if (dryRun) {
            print(doc);
            return 0;
        }
        Commands.say(
                spec,
                (written.created() ? "registered" : "re-registered") + " cluster " + clusterName + " in "
                        + written.file().path());
        Commands.reportStatus(spec, configDir, new ResourceKey(Kind.CLUSTER, clusterName, "", clusterName));
        return 0;
    }

    private int toCluster() {
        ClusterRegistration registration = registration();
        Checks.label("--secret-namespace", secretNamespace);
        String secretName = "kubeconfig-" + clusterName;
        Kubeconfigs.Extracted extracted = Kubeconfigs.extract(kubeconfig, context);
        extracted.warnings().forEach(w -> Commands.warn(spec, w));
        String yaml = ResourceEncoder.encode(registration);
        Checks.accepted(
                clusterName,
                "Cluster " + clusterName,
                "cluster.yaml",
                yaml,
                new ResourceKey(Kind.CLUSTER, clusterName, "", clusterName));
        ObjectNode doc = (ObjectNode) Yaml.read(yaml);
        ObjectNode secretRef = ((ObjectNode) doc.path("spec")).putObject("kubeconfigSecret");
        secretRef.put("name", secretName);
        secretRef.put("namespace", secretNamespace);
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(secretName)
                .withNamespace(secretNamespace)
                .addToLabels("app.kubernetes.io/part-of", "spillway")
                .addToLabels("spillway.dev/cluster", clusterName)
                .endMetadata()
                .withType("Opaque")
                .addToData(
                        "kubeconfig",
                        Base64.getEncoder().encodeToString(extracted.yaml().getBytes(StandardCharsets.UTF_8)))
                .build();
        if (dryRun) {
            JsonNode secretTree = KubeKinds.tree(secret);
            print(secretTree);
            spec.commandLine().getOut().print("---\n");
            print(doc);
            return 0;
        }
        try (KubernetesClient client = clients.connect(managementContext, null)) {
            KubeWrites.replace(client, secret);
            boolean created = KubeWrites.upsert(
                            client.genericKubernetesResources(KubeKinds.CLUSTER),
                            clusterName,
                            current -> doc.deepCopy())
                    .created();
            Commands.say(
                    spec,
                    (created ? "registered" : "re-registered") + " cluster " + clusterName + " ("
                            + extracted.server() + ", context " + context + ") in "
                            + (managementContext == null ? "the current context" : "context " + managementContext)
                            + ": Cluster " + clusterName + ", Secret " + secretNamespace + "/" + secretName);
        }
        return 0;
    }

    private void print(JsonNode doc) {
        spec.commandLine().getOut().print(Yaml.write(doc));
        spec.commandLine().getOut().flush();
    }

    /** {@code host:port} or {@code [v6]:port}. */
    private static HostPort hostPort(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new EditException("--failover-address " + text + " must be HOST:PORT with a port in 1..65535");
        }
        return new HostPort(host, port);
    }
}
