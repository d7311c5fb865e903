package dev.spillway.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.server.source.file.FileSource;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import dev.spillway.translator.xds.EnvoyJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's example with one thing broken or clashing, checked as {@code spillway validate} and
 * {@code render} check it, and as {@code spillway serve} serves it after a change.
 */
class FileModeClashesTest {
    private static final Path EXAMPLE = Path.of("../../examples/failover");
    private static final String BLUE = "default-service-blue-10000_gloo-system";

    @TempDir
    Path dir;

    @Test
    void aRejectedHandWrittenUpstreamIsNotReplacedByTheDiscoveredOne() throws IOException {
        copyExample();
        breakBlueUpstream();

        CliTest.Run validate = CliTest.run("validate", dir.toString());
        CliTest.Run render = CliTest.run("render", "--config-dir", dir.toString(), "--cluster", "local");

        assertThat(validate.exit()).isEqualTo(1);
        assertThat(validate.out())
                .contains("Rejected Upstream local/gloo-system/default-service-blue-10000: no Envoy cluster " + BLUE
                        + " is published: the Upstream discovered from Service default/service-blue does not replace"
                        + " it; spec must be an object\n")
                .contains("Rejected VirtualService local/gloo-system/default: spec.virtualHost.routes[0].routeAction"
                        + ".single.upstream Upstream gloo-system/default-service-blue-10000 is rejected\n");
        assertThat(render.exit()).isZero();
        assertThat(render.out()).doesNotContain(BLUE);
    }

    @Test
    void aRejectedHandWrittenUpstreamKeepsServingItsLastGoodVersion() throws IOException {
        copyExample();
        FileSource source = new FileSource(dir);
        source.load();
        breakBlueUpstream();

        Translation translation = Translator.translate(source.load());

        assertThat(translation.statuses().values())
                .anySatisfy(s -> assertThat(s.reason()).contains("spec must be an object (last good version kept)"));
        String local = EnvoyJson.groupDump(translation.groups().get(new ProxyGroup("local", "gateway-proxy")));
        assertThat(local).contains("\"name\": \"" + BLUE + "\"").contains("\"path\": \"/health\"");
    }

    private void copyExample() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path from : files.toList()) {
                Path to = dir.resolve(EXAMPLE.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
    }

    private void breakBlueUpstream() throws IOException {
        Files.writeString(dir.resolve("local/upstreams.yaml"), """
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                  name: default-service-blue-10000
                  namespace: gloo-system
                spec: 42
                """);
    }
}
