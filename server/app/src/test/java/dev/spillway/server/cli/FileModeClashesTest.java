package dev.spillway.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.status.StatusLines;
import dev.spillway.server.source.file.FileSource;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import dev.spillway.translator.xds.EnvoyJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's example with one thing broken or clashing, checked as {@code spillway validate} and
 * {@code render} check it, and as {@code spillway serve} serves it after a change.
 */
class FileModeClashesTest {
    private static final Path EXAMPLE = Path.of("../../examples/failover");
    private static final String BLUE = "default-service-blue-10000_gloo-system";
    private static final String BROKEN_BLUE = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata:
              name: default-service-blue-10000
              namespace: gloo-system
            spec: 42
            """;

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

    @Test
    void aBrokenCopyInAnEarlierFileLosesToTheValidOriginal() throws IOException {
        copyExample();
        Files.writeString(dir.resolve("local/aaa-dup.yaml"), BROKEN_BLUE);

        CliTest.Run validate = CliTest.run("validate", dir.toString());

        assertThat(validate.out())
                .contains("Rejected File local/aaa-dup.yaml: duplicate of Upstream "
                        + "gloo-system/default-service-blue-10000 in local/upstreams.yaml\n")
                .contains("Accepted Upstream local/gloo-system/default-service-blue-10000\n")
                .contains("ACCEPTED FailoverScheme local/gloo-fed/failover-scheme\n");
    }

    @Test
    void aNewVirtualServiceForADomainTheLiveOneServesIsTheOneRejected() throws IOException {
        copyExample();
        FileSource source = new FileSource(dir);
        source.load();
        Files.writeString(dir.resolve("local/aaa-vs.yaml"), """
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata:
                  name: aaa-vs
                  namespace: gloo-system
                spec:
                  virtualHost:
                    domains: ['*']
                    routes:
                    - matchers: [{prefix: /}]
                      routeAction: {single: {upstream: {name: default-service-blue-10000, namespace: gloo-system}}}
                """);

        String statuses = StatusLines.render(Translator.translate(source.load()).statuses());

        assertThat(statuses)
                .contains("Accepted VirtualService local/gloo-system/default\n")
                .containsPattern(
                        "Rejected VirtualService local/gloo-system/aaa-vs: .*VirtualService gloo-system/default");
    }

    @Test
    void aNewGatewayOnThePortOfTheLiveOneIsTheOneRejected() throws IOException {
        copyExample();
        FileSource source = new FileSource(dir);
        source.load();
        Files.writeString(dir.resolve("local/aaa-gateway.yaml"), """
                apiVersion: gateway.solo.io/v1
                kind: Gateway
                metadata:
                  name: aaa-gateway
                  namespace: gloo-system
                spec:
                  bindAddress: "::"
                  bindPort: 8080
                  httpGateway: {}
                  proxyNames: [gateway-proxy]
                """);

        String statuses = StatusLines.render(Translator.translate(source.load()).statuses());

        assertThat(statuses)
                .contains("Accepted Gateway local/gloo-system/gateway-proxy\n")
                .containsPattern("Rejected Gateway local/gloo-system/aaa-gateway: .*gateway-proxy");
    }

    @Test
    void anExistingGatewayEditedOntoThePortOfTheLiveOneIsTheOneRejected() throws IOException {
        copyExample();
        Files.writeString(dir.resolve("local/aaa-gw.yaml"), gateway("aaa-gw", 9090, ""));
        FileSource source = new FileSource(dir);
        source.load();
        Files.writeString(dir.resolve("local/aaa-gw.yaml"), gateway("aaa-gw", 8080, ""));

        Translation translation = Translator.translate(source.load());

        assertThat(StatusLines.render(translation.statuses()))
                .contains("Accepted Gateway local/gloo-system/gateway-proxy\n")
                .contains("Rejected Gateway local/gloo-system/aaa-gw: spec.bindPort 8080 on :: is already bound by "
                        + "Gateway gloo-system/gateway-proxy for proxy gateway-proxy\n");
        assertThat(localListenerPorts(translation)).containsExactly(8080);
    }

    @Test
    void aClaimKeptAcrossAnUnrelatedEditKeepsItsAge() throws IOException {
        copyExample();
        Files.writeString(dir.resolve("local/aaa-gw.yaml"), gateway("aaa-gw", 9090, ""));
        FileSource source = new FileSource(dir);
        source.load();
        Files.writeString(dir.resolve("local/aaa-gw.yaml"), gateway("aaa-gw", 8080, ""));
        source.load();
        // The live Gateway edited in another field, then the Rejected one: neither changes who has held 8080 longer.
        Files.writeString(dir.resolve("local/gateway.yaml"), gateway("gateway-proxy", 8080, "edited: live"));
        source.load();
        Files.writeString(dir.resolve("local/aaa-gw.yaml"), gateway("aaa-gw", 8080, "edited: newcomer"));

        Translation translation = Translator.translate(source.load());

        assertThat(StatusLines.render(translation.statuses()))
                .contains("Accepted Gateway local/gloo-system/gateway-proxy\n")
                .contains("Rejected Gateway local/gloo-system/aaa-gw: spec.bindPort 8080 on :: is already bound by "
                        + "Gateway gloo-system/gateway-proxy for proxy gateway-proxy\n");
        assertThat(localListenerPorts(translation)).containsExactly(8080);
    }

    @Test
    void anExistingVirtualServiceEditedToServeALiveDomainIsTheOneRejected() throws IOException {
        copyExample();
        Files.writeString(dir.resolve("local/aaa-vs.yaml"), virtualService("aaa.example.com"));
        FileSource source = new FileSource(dir);
        source.load();
        Files.writeString(dir.resolve("local/aaa-vs.yaml"), virtualService("aaa.example.com', '*"));

        String statuses = StatusLines.render(Translator.translate(source.load()).statuses());

        assertThat(statuses)
                .contains("Accepted VirtualService local/gloo-system/default\n")
                .contains("Rejected VirtualService local/gloo-system/aaa-vs: spec.virtualHost.domains[1] domain * is "
                        + "already served by VirtualService gloo-system/default on ");
    }

    @Test
    void anExistingFailoverSchemeEditedOntoALivePrimaryIsTheOneRejected() throws IOException {
        copyExample();
        Files.writeString(dir.resolve("local/aaa-red.yaml"), """
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                  name: red
                  namespace: gloo-system
                spec:
                  static:
                    hosts:
                    - addr: 127.0.0.1
                      port: 10003
                """);
        Files.writeString(dir.resolve("local/aaa-scheme.yaml"), failoverScheme("red"));
        FileSource source = new FileSource(dir);
        source.load();
        Files.writeString(dir.resolve("local/aaa-scheme.yaml"), failoverScheme("default-service-blue-10000"));

        Translation translation = Translator.translate(source.load());

        assertThat(StatusLines.render(translation.statuses()))
                .contains("ACCEPTED FailoverScheme local/gloo-fed/failover-scheme\n")
                .contains("INVALID FailoverScheme local/gloo-fed/aaa-scheme: spec.primary Upstream "
                        + "default-service-blue-10000.gloo-system on cluster local is already the primary target on "
                        + "FailoverScheme failover-scheme.gloo-fed\n");
        String local = EnvoyJson.groupDump(translation.groups().get(new ProxyGroup("local", "gateway-proxy")));
        assertThat(local).contains("\"priority\": 1");
    }

    private static String gateway(String name, int port, String label) {
        return """
                apiVersion: gateway.solo.io/v1
                kind: Gateway
                metadata:
                  name: %s
                  namespace: gloo-system
                  labels: {%s}
                spec:
                  bindAddress: "::"
                  bindPort: %d
                  httpGateway: {}
                  proxyNames: [gateway-proxy]
                """.formatted(name, label, port);
    }

    private static String virtualService(String domains) {
        return """
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata:
                  name: aaa-vs
                  namespace: gloo-system
                spec:
                  virtualHost:
                    domains: ['%s']
                    routes:
                    - matchers: [{prefix: /}]
                      routeAction: {single: {upstream: {name: default-service-blue-10000, namespace: gloo-system}}}
                """.formatted(domains);
    }

    private static String failoverScheme(String primary) {
        return """
                apiVersion: fed.solo.io/v1
                kind: FailoverScheme
                metadata:
                  name: aaa-scheme
                  namespace: gloo-fed
                spec:
                  failoverGroups:
                  - priorityGroup:
                    - cluster: remote
                      upstreams:
                      - name: default-service-green-10000
                        namespace: gloo-system
                  primary:
                    clusterName: local
                    name: %s
                    namespace: gloo-system
                """.formatted(primary);
    }

    private static java.util.List<Integer> localListenerPorts(Translation translation) {
        return translation.groups().get(new ProxyGroup("local", "gateway-proxy")).listeners().stream()
                .map(l -> l.getAddress().getSocketAddress().getPortValue())
                .toList();
    }

    @Test
    void anUnreadableClusterDirectoryIsReportedAndTheOtherClusterChecked() throws IOException {
        copyExample();
        Path remote = dir.resolve("remote");
        Files.setPosixFilePermissions(remote, PosixFilePermissions.fromString("---------"));
        try {
            Assumptions.assumeFalse(Files.isReadable(remote), "running as root: chmod 000 does not deny reads");

            CliTest.Run validate = CliTest.run("validate", dir.toString());

            assertThat(validate.exit()).isEqualTo(1);
            assertThat(validate.out())
                    .contains("Rejected File remote/: directory "
                            + remote.toAbsolutePath().normalize() + ": Permission denied\n")
                    .contains("Accepted Upstream local/gloo-system/default-service-blue-10000\n");
        } finally {
            Files.setPosixFilePermissions(remote, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
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
        Files.writeString(dir.resolve("local/upstreams.yaml"), BROKEN_BLUE);
    }
}
