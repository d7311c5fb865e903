package dev.spillway.server.cli.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.codec.Yaml;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.status.StatusLines;
import dev.spillway.server.source.file.ConfigDirectory;
import dev.spillway.translator.Translator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spillway create secret tls} in file mode: what glooctl writes, where the file source reads it. */
class CreateSecretTlsCommandTest {
    static final Path GLOOCTL = Path.of("../../api/src/test/resources/glooctl");
    static final Path EXAMPLE = Path.of("../../examples/failover");

    /** The certificates and keys of a Secret glooctl made, as the PEM files it was made from. */
    static TlsSecret glooctlSecret(String file) throws Exception {
        DecodedFile decoded = ResourceDecoder.decode("local", file, Files.readString(GLOOCTL.resolve(file)));
        return (TlsSecret) decoded.documents().get(0).resource();
    }

    static Path pem(Path dir, String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void writesTheSecretGlooctlWritesWithTheRootCa(@TempDir Path dir) throws Exception {
        TlsSecret glooctl = glooctlSecret("failover-downstream-secret.yaml");
        Path config = Files.createDirectories(dir.resolve("config"));

        CliRun.Result run = CliRun.run(
                "create",
                "secret",
                "tls",
                "--name",
                "failover-downstream",
                "--certchain",
                pem(dir, "tls.crt", glooctl.certChain()).toString(),
                "--privatekey",
                pem(dir, "tls.key", glooctl.privateKey()).toString(),
                "--rootca",
                pem(dir, "mtls.crt", glooctl.rootCa()).toString(),
                "--config-dir",
                config.toString(),
                "--cluster",
                "remote");

        // The glooctl fixture's PEM is clearly fake: written as given, and its status says Envoy cannot load it.
        assertThat(run.err())
                .isEqualTo("Rejected Secret remote/gloo-system/failover-downstream: data.ca.crt is not a PEM X.509"
                        + " certificate; data.tls.crt is not a PEM X.509 certificate; data.tls.key is not a"
                        + " readable PEM private key\n");
        assertThat(run.exit()).isZero();
        Path written = config.resolve("remote/secret-failover-downstream.yaml");
        assertThat(run.out()).isEqualTo("created Secret gloo-system/failover-downstream in " + written + "\n");
        assertThat(Yaml.read(Files.readString(written)))
                .isEqualTo(Yaml.read(Files.readString(GLOOCTL.resolve("failover-downstream-secret.yaml"))));
    }

    @Test
    void writesTheSecretGlooctlWritesWithoutARootCa(@TempDir Path dir) throws Exception {
        TlsSecret glooctl = glooctlSecret("failover-upstream-secret.yaml");
        Path config = Files.createDirectories(dir.resolve("config"));

        CliRun.Result run = CliRun.run(
                "create",
                "secret",
                "tls",
                "--name",
                "failover-upstream",
                "--certchain",
                pem(dir, "mtls.crt", glooctl.certChain()).toString(),
                "--privatekey",
                pem(dir, "mtls.key", glooctl.privateKey()).toString(),
                "--config-dir",
                config.toString(),
                "--cluster",
                "local");

        assertThat(run.exit()).isZero();
        assertThat(Yaml.read(Files.readString(config.resolve("local/secret-failover-upstream.yaml"))))
                .isEqualTo(Yaml.read(Files.readString(GLOOCTL.resolve("failover-upstream-secret.yaml"))));
    }

    @Test
    void replacesTheDocumentThatDefinesTheSecretAndKeepsItsComments(@TempDir Path dir) throws Exception {
        Path config = CliRun.copy(EXAMPLE, dir.resolve("config"));
        Path file = config.resolve("remote/secret-failover-downstream.yaml");
        String before = Files.readString(file);
        TlsSecret example = (TlsSecret) ResourceDecoder.decode("remote", "s.yaml", before)
                .documents()
                .get(0)
                .resource();
        TlsSecret other = glooctlSecret("failover-downstream-secret.yaml");

        CliRun.Result run = CliRun.run(
                "create",
                "secret",
                "tls",
                "--name",
                "failover-downstream",
                "--certchain",
                pem(dir, "tls.crt", other.certChain()).toString(),
                "--privatekey",
                pem(dir, "tls.key", other.privateKey()).toString(),
                "--rootca",
                pem(dir, "mtls.crt", example.rootCa()).toString(),
                "--config-dir",
                config.toString(),
                "--cluster",
                "remote");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("replaced Secret gloo-system/failover-downstream in ");
        String after = Files.readString(file);
        assertThat(after).startsWith(before.substring(0, before.indexOf("apiVersion:")));
        TlsSecret written = (TlsSecret) ResourceDecoder.decode("remote", "s.yaml", after)
                .documents()
                .get(0)
                .resource();
        assertThat(written.certChain()).isEqualTo(other.certChain());
        assertThat(written.rootCa()).isEqualTo(example.rootCa());
        try (var files = Files.list(config.resolve("remote"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .as("no temporary file left")
                    .noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void replacesTheSecretInAFileOfSeveralDocumentsAndLeavesTheOthersAsTheyWere(@TempDir Path dir) throws Exception {
        TlsSecret glooctl = glooctlSecret("failover-upstream-secret.yaml");
        Path local = Files.createDirectories(dir.resolve("config/local"));
        String upstream = """
                # blue, by hand
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                 name: blue
                 namespace: gloo-system
                spec:
                 static: {hosts: [{addr: 10.0.0.1, port: 8080}]}
                """;
        String secret = """
                ---
                # the client certificate
                apiVersion: v1
                kind: Secret
                type: kubernetes.io/tls
                metadata: {name: failover-upstream, namespace: gloo-system}
                stringData:
                  tls.crt: "-----BEGIN CERTIFICATE-----\\nold\\n-----END CERTIFICATE-----\\n"
                  tls.key: "-----BEGIN PRIVATE KEY-----\\nold\\n-----END PRIVATE KEY-----\\n"
                """;
        String tail = """
                ---
                apiVersion: gateway.solo.io/v1
                kind: Gateway
                metadata: {name: http, namespace: gloo-system}
                spec: {bindPort: 8080, httpGateway: {}}
                """;
        Files.writeString(local.resolve("all.yaml"), upstream + secret + tail);

        CliRun.Result run = CliRun.run(
                "create",
                "secret",
                "tls",
                "--name",
                "failover-upstream",
                "--certchain",
                pem(dir, "mtls.crt", glooctl.certChain()).toString(),
                "--privatekey",
                pem(dir, "mtls.key", glooctl.privateKey()).toString(),
                "--config-dir",
                dir.resolve("config").toString(),
                "--cluster",
                "local");

        assertThat(run.exit()).isZero();
        String after = Files.readString(local.resolve("all.yaml"));
        assertThat(after)
                .startsWith(upstream + "---\n# the client certificate\napiVersion: v1\n")
                .endsWith(tail);
        assertThat(((TlsSecret) ResourceDecoder.decode("local", "all.yaml", after)
                                .documents()
                                .get(1)
                                .resource())
                        .certChain())
                .isEqualTo(glooctl.certChain());
        assertThat(local.resolve("secret-failover-upstream.yaml")).doesNotExist();
    }

    @Test
    void theExampleStaysValidAfterItsSecretsAreMadeAgain(@TempDir Path dir) throws Exception {
        Path config = CliRun.copy(EXAMPLE, dir.resolve("config"));
        TlsSecret example = (TlsSecret) ResourceDecoder.decode(
                        "local", "s.yaml", Files.readString(config.resolve("local/secret-failover-upstream.yaml")))
                .documents()
                .get(0)
                .resource();

        CliRun.Result run = CliRun.run(
                "create",
                "secret",
                "tls",
                "--name",
                "failover-upstream",
                "--certchain",
                pem(dir, "mtls.crt", example.certChain()).toString(),
                "--privatekey",
                pem(dir, "mtls.key", example.privateKey()).toString(),
                "--config-dir",
                config.toString(),
                "--cluster",
                "local");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        var statuses = Translator.translate(ConfigDirectory.read(config)).statuses();
        assertThat(StatusLines.anyError(statuses))
                .as(StatusLines.render(statuses))
                .isFalse();
    }

    @Test
    void dryRunPrintsTheSecretAndWritesNothing(@TempDir Path dir) throws Exception {
        TlsSecret glooctl = glooctlSecret("failover-upstream-secret.yaml");
        Path config = Files.createDirectories(dir.resolve("config"));

        CliRun.Result run = CliRun.run(
                "create",
                "secret",
                "tls",
                "--name",
                "failover-upstream",
                "--dry-run",
                "--certchain",
                pem(dir, "mtls.crt", glooctl.certChain()).toString(),
                "--privatekey",
                pem(dir, "mtls.key", glooctl.privateKey()).toString(),
                "--config-dir",
                config.toString(),
                "--cluster",
                "local");

        assertThat(run.exit()).isZero();
        assertThat(Yaml.read(run.out()))
                .isEqualTo(Yaml.read(Files.readString(GLOOCTL.resolve("failover-upstream-secret.yaml"))));
        assertThat(config.resolve("local")).doesNotExist();
    }

    @Test
    void filesThatAreMissingOrNotPemAreNamed(@TempDir Path dir) throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Path key = pem(dir, "tls.key", "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n");

        CliRun.Result missing = CliRun.run(
                "create",
                "secret",
                "tls",
                "--name",
                "s",
                "--certchain",
                dir.resolve("nope.crt").toString(),
                "--privatekey",
                key.toString(),
                "--config-dir",
                config.toString(),
                "--cluster",
                "local");
        CliRun.Result notPem = CliRun.run(
                "create",
                "secret",
                "tls",
                "--name",
                "s",
                "--certchain",
                key.toString(),
                "--privatekey",
                key.toString(),
                "--config-dir",
                config.toString(),
                "--cluster",
                "local");

        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err())
                .isEqualTo("spillway create secret tls: --certchain " + dir.resolve("nope.crt") + ": no such file\n");
        assertThat(notPem.exit()).isEqualTo(1);
        assertThat(notPem.err())
                .isEqualTo("spillway create secret tls: --certchain " + key + ": does not contain a PEM certificate\n");
        assertThat(config.resolve("local")).doesNotExist();
    }

    @Test
    void aSecretDefinedTwiceIsNotGuessedAt(@TempDir Path dir) throws Exception {
        TlsSecret glooctl = glooctlSecret("failover-upstream-secret.yaml");
        Path local = Files.createDirectories(dir.resolve("config/local"));
        String yaml = Files.readString(GLOOCTL.resolve("failover-upstream-secret.yaml"));
        Files.writeString(local.resolve("a.yaml"), yaml);
        Files.writeString(local.resolve("b.yaml"), yaml);

        CliRun.Result run = CliRun.run(
                "create",
                "secret",
                "tls",
                "--name",
                "failover-upstream",
                "--certchain",
                pem(dir, "mtls.crt", glooctl.certChain()).toString(),
                "--privatekey",
                pem(dir, "mtls.key", glooctl.privateKey()).toString(),
                "--config-dir",
                dir.resolve("config").toString(),
                "--cluster",
                "local");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("spillway create secret tls: Secret gloo-system/failover-upstream is defined"
                        + " more than once in " + local + ": a.yaml, b.yaml; keep one\n");
    }

    @Test
    void optionsOfTheTwoModesDoNotMix(@TempDir Path dir) throws Exception {
        Path key = pem(dir, "tls.key", "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n");

        CliRun.Result noDir = CliRun.run(
                "create",
                "secret",
                "tls",
                "--name",
                "s",
                "--certchain",
                key.toString(),
                "--privatekey",
                key.toString(),
                "--cluster",
                "local");
        CliRun.Result both = CliRun.run(
                "create",
                "secret",
                "tls",
                "--name",
                "s",
                "--certchain",
                key.toString(),
                "--privatekey",
                key.toString(),
                "--config-dir",
                dir.toString(),
                "--cluster",
                "local",
                "--context",
                "gloo-fed");
        CliRun.Result badName = CliRun.run(
                "create",
                "secret",
                "tls",
                "--name",
                "Failover_Upstream",
                "--certchain",
                key.toString(),
                "--privatekey",
                key.toString(),
                "--config-dir",
                dir.toString(),
                "--cluster",
                "local");

        assertThat(noDir.exit()).isEqualTo(2);
        assertThat(noDir.err()).startsWith("--cluster needs --config-dir");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).startsWith("--context and --kubeconfig are for Kubernetes mode");
        assertThat(badName.exit()).isEqualTo(1);
        assertThat(badName.err())
                .startsWith("spillway create secret tls: --name Failover_Upstream is not a" + " Kubernetes name");
    }

    @Test
    void helpNamesTheGlooctlCommandItMirrors() {
        CliRun.Result help = CliRun.run("create", "secret", "tls", "--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out().replaceAll("\\s+", " "))
                .contains(
                        "`glooctl create secret tls`",
                        "--certchain",
                        "--privatekey",
                        "--rootca",
                        "--config-dir",
                        "--context",
                        "--namespace",
                        "failover-downstream");
    }
}
