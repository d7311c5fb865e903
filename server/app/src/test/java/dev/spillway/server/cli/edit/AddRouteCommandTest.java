package dev.spillway.server.cli.edit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.codec.Yaml;
import dev.spillway.api.model.VirtualService;
import dev.spillway.api.status.StatusLines;
import dev.spillway.server.source.file.ConfigDirectory;
import dev.spillway.translator.Translator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spillway add route} in file mode: glooctl's VirtualService edit, on the files the source reads. */
class AddRouteCommandTest {
    private static final Path GLOOCTL_VS = CreateSecretTlsCommandTest.GLOOCTL.resolve("default-virtual-service.yaml");

    static CliRun.Result addRoute(Path config, String cluster, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("add", "route"));
        args.addAll(List.of(more));
        args.addAll(List.of("--config-dir", config.toString(), "--cluster", cluster));
        return CliRun.run(args.toArray(String[]::new));
    }

    static VirtualService decode(Path file, int document) throws Exception {
        return (VirtualService)
                ResourceDecoder.decode("local", file.getFileName().toString(), Files.readString(file))
                        .documents()
                        .get(document)
                        .resource();
    }

    static List<String> paths(VirtualService vs) {
        return vs.routes().stream()
                .map(r -> r.matchers().get(0).pathKind() + " "
                        + r.matchers().get(0).path() + " -> "
                        + r.action().destinations().get(0).upstream())
                .toList();
    }

    @Test
    void createsTheVirtualServiceGlooctlCreates(@TempDir Path dir) throws Exception {
        Path config = Files.createDirectories(dir.resolve("config/local"));

        CliRun.Result run = addRoute(
                config.getParent(), "local", "--path-prefix", "/", "--dest-name", "default-service-blue-10000");

        assertThat(run.exit()).isZero();
        Path written = config.resolve("virtual-service-default.yaml");
        assertThat(run.out())
                .isEqualTo("created VirtualService gloo-system/default with the route in " + written + "\n");
        JsonNode glooctl = Yaml.read(Files.readString(GLOOCTL_VS));
        JsonNode ours = Yaml.read(Files.readString(written));
        assertThat(ours.path("spec")).isEqualTo(glooctl.path("spec"));
        assertThat(ours.path("metadata").path("name"))
                .isEqualTo(glooctl.path("metadata").path("name"));
        assertThat(ours.path("metadata").path("namespace"))
                .isEqualTo(glooctl.path("metadata").path("namespace"));
        // The upstream does not exist in this directory: said on stderr, as validate would.
        assertThat(run.err()).startsWith("Rejected VirtualService local/gloo-system/default: ");
    }

    @Test
    void eachRouteGoesFirstAsWithGlooctl(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("local"));

        assertThat(addRoute(config, "local", "--path-prefix", "/", "--dest-name", "blue")
                        .exit())
                .isZero();
        CliRun.Result second = addRoute(
                config, "local", "--path-prefix", "/green", "--dest-name", "green", "--dest-namespace", "colors");
        CliRun.Result third =
                addRoute(config, "local", "--path-exact", "/health", "--dest-name", "blue", "--index", "2");

        assertThat(second.exit()).isZero();
        assertThat(second.out()).startsWith("added the route to VirtualService gloo-system/default at index 0 in ");
        assertThat(third.exit()).isZero();
        assertThat(paths(decode(config.resolve("local/virtual-service-default.yaml"), 0)))
                .containsExactly(
                        "PREFIX /green -> colors/green",
                        "PREFIX / -> gloo-system/blue",
                        "EXACT /health -> gloo-system/blue");
    }

    @Test
    void editsTheExamplesVirtualServiceWhereItIsAndKeepsItsComments(@TempDir Path dir) throws Exception {
        Path config = CliRun.copy(CreateSecretTlsCommandTest.EXAMPLE, dir.resolve("config"));
        Path file = config.resolve("local/virtual-service.yaml");
        String before = Files.readString(file);

        CliRun.Result run =
                addRoute(config, "local", "--path-exact", "/health", "--dest-name", "default-service-blue-10000");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .isEqualTo("added the route to VirtualService gloo-system/default at index 0 in " + file + "\n");
        String after = Files.readString(file);
        assertThat(after).startsWith(before.substring(0, before.indexOf("apiVersion:")));
        assertThat(paths(decode(file, 0)))
                .containsExactly(
                        "EXACT /health -> gloo-system/default-service-blue-10000",
                        "PREFIX / -> gloo-system/default-service-blue-10000");
        assertThat(config.resolve("local/virtual-service-default.yaml")).doesNotExist();
        var statuses = Translator.translate(ConfigDirectory.read(config)).statuses();
        assertThat(StatusLines.anyError(statuses))
                .as(StatusLines.render(statuses))
                .isFalse();
    }

    @Test
    void aRouteToAMissingUpstreamIsWrittenAndItsRejectionShown(@TempDir Path dir) throws Exception {
        Path config = CliRun.copy(CreateSecretTlsCommandTest.EXAMPLE, dir.resolve("config"));

        CliRun.Result run =
                addRoute(config, "local", "--path-prefix", "/green", "--dest-name", "default-service-green-10000");

        assertThat(run.exit()).isZero();
        assertThat(run.err())
                .startsWith("Rejected VirtualService local/gloo-system/default: ")
                .contains("default-service-green-10000");
    }

    @Test
    void fieldsSpillwayDoesNotModelAreKept(@TempDir Path dir) throws Exception {
        Path local = Files.createDirectories(dir.resolve("config/local"));
        Files.writeString(local.resolve("vs.yaml"), """
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata:
                  name: default
                  namespace: gloo-system
                  annotations: {owner: team-a}
                spec:
                  displayName: colors
                  virtualHost:
                    domains: [colors.example]
                    options: {waf: {customInterventionMessage: blocked}}
                    routes:
                    - name: blue
                      matchers: [{prefix: /}]
                      routeAction: {single: {upstream: {name: blue, namespace: gloo-system}}}
                """);

        CliRun.Result run = addRoute(dir.resolve("config"), "local", "--path-prefix", "/green", "--dest-name", "green");

        assertThat(run.exit()).isZero();
        assertThat(run.err())
                .contains("warning: VirtualService gloo-system/default: spec.virtualHost.options.waf is not"
                        + " supported by Spillway yet and was ignored");
        JsonNode after = Yaml.read(Files.readString(local.resolve("vs.yaml")));
        assertThat(after.path("metadata").path("annotations").path("owner").asText())
                .isEqualTo("team-a");
        assertThat(after.path("spec").path("displayName").asText()).isEqualTo("colors");
        assertThat(after.path("spec").path("virtualHost").path("domains").toString())
                .isEqualTo("[\"colors.example\"]");
        assertThat(after.path("spec").path("virtualHost").path("options").has("waf"))
                .isTrue();
        assertThat(after.path("spec")
                        .path("virtualHost")
                        .path("routes")
                        .get(1)
                        .path("name")
                        .asText())
                .isEqualTo("blue");
    }

    @Test
    void aVirtualServiceSpillwayWouldRejectIsNotWritten(@TempDir Path dir) throws Exception {
        Path local = Files.createDirectories(dir.resolve("config/local"));
        String broken = """
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata: {name: default, namespace: gloo-system}
                spec:
                  virtualHost:
                    routes:
                    - matchers: [{prefix: /}]
                      routeAction: {single: {upstream: {namespace: gloo-system}}}
                """;
        Files.writeString(local.resolve("vs.yaml"), broken);
        Files.writeString(local.resolve("notalist.yaml"), """
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata: {name: other, namespace: gloo-system}
                spec: {virtualHost: {routes: {}}}
                """);

        CliRun.Result rejected = addRoute(dir.resolve("config"), "local", "--dest-name", "blue");
        CliRun.Result notAList = addRoute(dir.resolve("config"), "local", "--dest-name", "blue", "--name", "other");
        CliRun.Result pastTheEnd =
                addRoute(dir.resolve("config"), "local", "--dest-name", "blue", "--name", "third", "--index", "1");

        assertThat(rejected.exit()).isEqualTo(1);
        assertThat(rejected.err())
                .isEqualTo("spillway add route: " + local.resolve("vs.yaml")
                        + ": VirtualService gloo-system/default: spec.virtualHost.routes[1].routeAction.single.upstream.name"
                        + " is required\n");
        assertThat(Files.readString(local.resolve("vs.yaml"))).isEqualTo(broken);
        assertThat(notAList.exit()).isEqualTo(1);
        assertThat(notAList.err())
                .isEqualTo("spillway add route: " + local.resolve("notalist.yaml")
                        + ": VirtualService gloo-system/other: spec.virtualHost.routes must be a list\n");
        assertThat(pastTheEnd.exit()).isEqualTo(1);
        assertThat(pastTheEnd.err()).contains("VirtualService gloo-system/third does not exist yet: --index 1");
    }

    @Test
    void onePathFormAtATime(@TempDir Path dir) {
        CliRun.Result run = addRoute(dir, "local", "--path-prefix", "/", "--path-exact", "/x", "--dest-name", "b");
        CliRun.Result relative = addRoute(dir, "local", "--path-prefix", "x", "--dest-name", "b");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("mutually exclusive");
        assertThat(relative.exit()).isEqualTo(1);
        assertThat(relative.err()).isEqualTo("spillway add route: --path-prefix x must start with /\n");
    }

    @Test
    void dryRunPrintsTheVirtualServiceAndWritesNothing(@TempDir Path dir) throws Exception {
        Path config = CliRun.copy(CreateSecretTlsCommandTest.EXAMPLE, dir.resolve("config"));
        String before = Files.readString(config.resolve("local/virtual-service.yaml"));

        CliRun.Result run = addRoute(
                config, "local", "--path-prefix", "/x", "--dest-name", "default-service-blue-10000", "--dry-run");

        assertThat(run.exit()).isZero();
        assertThat(Yaml.read(run.out()).path("spec").path("virtualHost").path("routes"))
                .hasSize(2);
        assertThat(Files.readString(config.resolve("local/virtual-service.yaml")))
                .isEqualTo(before);
    }
}
