package dev.spillway.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.server.ControlPlane;
import dev.spillway.translator.tls.GoldenMaterial;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    private static final Path EXAMPLE = Path.of("../../examples/failover");
    private static final Path GOLDEN = Path.of("../../translator/src/test/resources/golden/guide-failover");

    /** Exit code, stdout and stderr of one command line. */
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void validateOfTheExampleExitsZeroWithALinePerResource() {
        Run run = run("validate", EXAMPLE.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains(
                        "ACCEPTED FailoverScheme local/gloo-fed/failover-scheme\n",
                        "Accepted Gateway remote/gloo-system/failover-gateway\n");
        assertThat(run.out().lines()).allMatch(l -> l.startsWith("Accepted ") || l.startsWith("ACCEPTED "));
    }

    @Test
    void validateExitsOneWhenAResourceIsRejected(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("local"));
        Files.writeString(dir.resolve("local/upstream.yaml"), """
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                  name: blue
                  namespace: gloo-system
                spec:
                  static:
                    hosts:
                    - addr: 10.0.0.1
                      port: 8080
                  healthChecks:
                  - timeout: 1s
                    interval: 0s
                    unhealthyThreshold: 1
                    healthyThreshold: 1
                    httpHealthCheck:
                      path: /health
                """);

        Run run = run("validate", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .isEqualTo(
                        "Rejected Upstream local/gloo-system/blue: spec.healthChecks[0].interval must be greater than 0\n");
    }

    @Test
    void renderPrintsWhatTheTranslatorsGoldenFileHolds(@TempDir Path input) throws Exception {
        GoldenMaterial.copy(GOLDEN.resolve("input"), input);
        Run run = run("render", "--config-dir", input.toString(), "--cluster", "local", "--proxy", "gateway-proxy");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(Files.readString(GOLDEN.resolve("output/xds/local_gateway-proxy.json")));
        assertThat(run.err()).contains("ACCEPTED FailoverScheme local/gloo-fed/failover-scheme");
    }

    @Test
    void renderAsYamlKeepsEnvoysFieldNames() {
        Run run = run("render", "--config-dir", EXAMPLE.toString(), "--cluster", "remote", "--output", "yaml");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains(
                        "name: listener-::-15443",
                        "require_client_certificate: true",
                        "- default-service-green-10000_gloo-system");
        Run json = run("render", "--config-dir", EXAMPLE.toString(), "--cluster", "remote", "--output", "json");
        assertThat(dev.spillway.api.codec.Yaml.read(run.out()))
                .as("the YAML reads back as the JSON, types included")
                .isEqualTo(dev.spillway.api.codec.Yaml.read(json.out()));
    }

    @Test
    void renderOfAnUnknownGroupNamesTheKnownOnes() {
        Run run = run("render", "--config-dir", EXAMPLE.toString(), "--cluster", "mars");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no proxy group mars/gateway-proxy", "local/gateway-proxy");
    }

    @Test
    void statusReadsARunningServer() throws Exception {
        try (ControlPlane plane = ControlPlane.start(
                new ControlPlane.Settings(EXAMPLE, 0, "127.0.0.1", 0, Duration.ofMillis(50), Duration.ofMillis(500)),
                new PrintStream(PrintStream.nullOutputStream()))) {
            Run run = run("status", "--admin", "http://127.0.0.1:" + plane.adminPort());

            assertThat(run.exit()).isZero();
            assertThat(run.out())
                    .contains(
                            "ACCEPTED FailoverScheme local/gloo-fed/failover-scheme",
                            "failover local/default-service-blue-10000_gloo-system priority 1 -> remote/gloo-system/"
                                    + "default-service-green-10000 at 127.0.0.1:15443 via failover gateway (mTLS)");
        }
    }

    @Test
    void statusWithoutAServerExitsTwo() {
        Run run = run("status", "--admin", "http://127.0.0.1:1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("cannot reach http://127.0.0.1:1");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"serve", "validate", "render", "status", "explain"}) {
            Run run = run(command, "--help");
            assertThat(run.exit()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Usage: spillway " + command);
        }
    }

    @Test
    void aMissingConfigDirectoryIsOneLineNamingIt() {
        Run run = run("validate", "/nonexistent/config");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("spillway validate: no such directory: /nonexistent/config\n");
    }
}
