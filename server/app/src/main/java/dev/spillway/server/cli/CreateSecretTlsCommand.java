package dev.spillway.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.codec.ResourceEncoder;
import dev.spillway.api.codec.Yaml;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.server.cli.edit.Checks;
import dev.spillway.server.cli.edit.ClusterDirectory;
import dev.spillway.server.cli.edit.Commands;
import dev.spillway.server.cli.edit.EditException;
import dev.spillway.server.cli.edit.EditingCommand;
import dev.spillway.server.cli.edit.KubeClients;
import dev.spillway.server.cli.edit.KubeKinds;
import dev.spillway.server.cli.edit.KubeWrites;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spillway create secret tls}: {@code glooctl create secret tls}, to a config directory or a cluster. */
@Command(
        name = "tls",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Creates, or replaces, a kubernetes.io/tls Secret from PEM files, as "
                    + "`glooctl create secret tls` does: tls.crt (--certchain), tls.key (--privatekey) and, with "
                    + "--rootca, ca.crt.",
            "File mode (--config-dir DIR --cluster C) replaces the document that defines the Secret in DIR/C, "
                    + "or writes DIR/C/secret-NAME.yaml. Kubernetes mode (--context C, or the current context) creates "
                    + "or replaces it through the API."
        },
        footer = {
            "",
            "The user guide's secrets:",
            "  spillway create secret tls --name failover-downstream \\",
            "      --certchain tls.crt --privatekey tls.key --rootca mtls.crt",
            "  spillway create secret tls --name failover-upstream \\",
            "      --certchain mtls.crt --privatekey mtls.key"
        })
public final class CreateSecretTlsCommand extends EditingCommand {
    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
    private static final String PEM_PRIVATE_KEY = "PRIVATE KEY-----";

    @Option(names = "--name", required = true, description = "the Secret's name")
    String name;

    @Option(
            names = "--namespace",
            defaultValue = "gloo-system",
            description = "its namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(
            names = "--certchain",
            required = true,
            paramLabel = "FILE",
            description = "PEM certificate chain, stored as tls.crt")
    Path certChain;

    @Option(
            names = "--privatekey",
            required = true,
            paramLabel = "FILE",
            description = "PEM private key, stored as tls.key")
    Path privateKey;

    @Option(
            names = "--rootca",
            paramLabel = "FILE",
            description = "PEM CA certificate(s) to verify peers with, stored as ca.crt")
    Path rootCa;

    public CreateSecretTlsCommand() {
        this(KubeClients.KUBECONFIG);
    }

    /** A command that reaches Kubernetes through {@code clients}. */
    public CreateSecretTlsCommand(KubeClients clients) {
        super(clients);
    }

    @Override
    protected String subject() {
        return "Secret " + namespace + "/" + name;
    }

    private TlsSecret secret() {
        Checks.name("--name", name);
        Checks.label("--namespace", namespace);
        String cert = pem("--certchain", certChain, PEM_CERTIFICATE, "a PEM certificate");
        String key = pem("--privatekey", privateKey, PEM_PRIVATE_KEY, "a PEM private key");
        String ca = rootCa == null ? "" : pem("--rootca", rootCa, PEM_CERTIFICATE, "a PEM certificate");
        return new TlsSecret(new ObjectMeta("", namespace, name, Map.of(), 0, ""), cert, key, ca);
    }

    @Override
    protected int toDirectory() {
        TlsSecret secret = secret();
        JsonNode doc = Yaml.read(ResourceEncoder.encode(secret));
        ClusterDirectory dir = target.directory();
        ClusterDirectory.Written written =
                dir.upsert(Kind.SECRET, namespace, name, "secret-" + name + ".yaml", current -> doc, dryRun);
        Commands.warnings(spec, written.warnings(), dir.unreadable());
        if (dryRun) {
            print(doc);
            return 0;
        }
        Commands.say(
                spec,
                (written.created() ? "created" : "replaced") + " Secret " + namespace + "/" + name + " in "
                        + written.file().path());
        Commands.reportStatus(spec, dir.root(), new ResourceKey(Kind.SECRET, dir.cluster(), namespace, name));
        return 0;
    }

    @Override
    protected int toCluster() {
        String yaml = ResourceEncoder.encode(secret());
        if (dryRun) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
            return 0;
        }
        Secret secret = KubeKinds.typed(yaml, Secret.class);
        try (KubernetesClient client = target.connect(clients)) {
            boolean created = KubeWrites.replace(client, secret);
            Commands.say(
                    spec,
                    (created ? "created" : "replaced") + " Secret " + namespace + "/" + name + " in "
                            + target.describeContext());
        }
        return 0;
    }

    /** A PEM file's text; throws naming the option and the file when it cannot be read or is not PEM. */
    private static String pem(String option, Path file, String marker, String what) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new EditException(option + " " + file + ": no such file");
        } catch (MalformedInputException e) {
            throw new EditException(option + " " + file + ": is not PEM text (DER? convert it with openssl)");
        } catch (IOException e) {
            throw new EditException(option + " " + file + ": cannot be read: " + e.getMessage(), e);
        }
        if (!text.contains(marker)) {
            throw new EditException(option + " " + file + ": does not contain " + what);
        }
        return text;
    }
}
