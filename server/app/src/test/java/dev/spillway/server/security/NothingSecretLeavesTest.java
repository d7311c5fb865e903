package dev.spillway.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.server.xds.CertificateAuthority;
import dev.spillway.server.xds.SpiffeId;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full control plane on the example, with debug logging, mTLS on the xDS port, proxies that fetch their
 * secrets and reject a response, a refused identity, a rotated server certificate; then every output it
 * and the CLI gave (logs, /config_dump, /status, /metrics, render, validate, status) is searched for
 * every private key of the example and of the xDS certificates.
 */
class NothingSecretLeavesTest {
    static final Path EXAMPLE =
            Path.of("../../examples/failover").toAbsolutePath().normalize();
    static final ProxyGroup LOCAL = new ProxyGroup("local", "gateway-proxy");
    static final ProxyGroup REMOTE = new ProxyGroup("remote", "gateway-proxy");
    static final List<String> SECRET_NAMES = List.of(
            "gloo-system_failover-upstream",
            "gloo-system_failover-downstream",
            "gloo-system_failover-downstream-cacert");
    static final Pattern STARTED = Pattern.compile("over ADS on port (\\d+), admin on [^:]+:(\\d+)");
    static final String NACK_TEXT = "test proxy rejects this cluster response";

    @TempDir
    Path dir;

    @Test
    void noPrivateKeyAppearsInAnyOutputOfAFullRun() throws Exception {
        Pki pki = new Pki(dir);
        Map<String, String> outputs = new LinkedHashMap<>();
        Path log = dir.resolve("serve.log");
        Process serve = spillway(
                log,
                "serve",
                "--config-dir",
                EXAMPLE.toString(),
                "--xds-port",
                "0",
                "--admin-port",
                "0",
                "--xds-tls-cert",
                pki.server[0].toString(),
                "--xds-tls-key",
                pki.server[1].toString(),
                "--xds-client-ca",
                pki.caFile.toString());
        try {
            Matcher started = awaitLog(log, serve);
            int xdsPort = Integer.parseInt(started.group(1));
            String admin = "http://127.0.0.1:" + started.group(2);

            Map<String, Secret> local = fetchSecrets(xdsPort, pki.client(LOCAL), LOCAL);
            Map<String, Secret> remote = fetchSecrets(xdsPort, pki.client(REMOTE), REMOTE);
            // Each group receives exactly the secrets its own config references.
            assertThat(local).containsOnlyKeys("gloo-system_failover-upstream");
            assertThat(remote)
                    .containsOnlyKeys("gloo-system_failover-downstream", "gloo-system_failover-downstream-cacert");
            Status refused = refusedStatus(xdsPort, pki.client(REMOTE), LOCAL);
            assertThat(refused.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);

            pki.rotateServer();
            for (String path : List.of(
                    "/config_dump?group=local/gateway-proxy",
                    "/config_dump?group=remote/gateway-proxy",
                    "/status",
                    "/metrics")) {
                outputs.put("GET " + path, get(admin + path));
            }
            assertThat(outputs.get("GET /status")).contains(NACK_TEXT);
            for (List<String> cli : List.of(
                    List.of(
                            "render",
                            "--config-dir",
                            EXAMPLE.toString(),
                            "--cluster",
                            "local",
                            "--proxy",
                            "gateway-proxy"),
                    List.of(
                            "render",
                            "--config-dir",
                            EXAMPLE.toString(),
                            "--cluster",
                            "remote",
                            "--proxy",
                            "gateway-proxy",
                            "--output",
                            "yaml"),
                    List.of("validate", EXAMPLE.toString()),
                    List.of("status", "--admin", admin))) {
                Path out = dir.resolve("cli-" + outputs.size() + ".log");
                Process p = spillway(out, cli.toArray(String[]::new));
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                outputs.put("spillway " + String.join(" ", cli), Files.readString(out));
            }
            // The keys did travel to their proxies: the search below looks for what was really served.
            var served = local.get("gloo-system_failover-upstream")
                    .getTlsCertificate()
                    .getPrivateKey();
            String servedKey =
                    served.hasInlineBytes() ? served.getInlineBytes().toStringUtf8() : served.getInlineString();
            assertThat(keyLines(examplePems())).anyMatch(servedKey::contains);
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
            outputs.put("serve (stdout, stderr, debug log)", Files.readString(log));
        }

        List<String> needles = new ArrayList<>();
        List<String> pems = new ArrayList<>(examplePems());
        pems.addAll(pki.privateKeys());
        needles.addAll(keyLines(pems));
        needles.addAll(exampleBase64Keys());
        assertThat(needles).hasSizeGreaterThan(20);
        assertThat(outputs.get("serve (stdout, stderr, debug log)"))
                .contains("DEBUG")
                .contains("refused ADS stream")
                .contains("may not receive group local/gateway-proxy");
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            assertThat(output.getValue()).as(output.getKey()).isNotEmpty();
            for (String needle : needles) {
                assertThat(output.getValue())
                        .as("%s holds a line of a private key", output.getKey())
                        .doesNotContain(needle);
            }
            assertThat(output.getValue()).as(output.getKey()).doesNotContain("PRIVATE KEY-----\n");
        }
    }

    /** An Envoy-like stream: CDS (rejected once), LDS and SDS for every example secret; returns the secrets. */
    private static Map<String, Secret> fetchSecrets(int port, Path[] clientFiles, ProxyGroup group) throws Exception {
        ManagedChannel channel = channel(port, clientFiles);
        try {
            AdsCall stream = new AdsCall(channel, group);
            stream.request("type.googleapis.com/envoy.config.cluster.v3.Cluster", List.of(), "", "", null);
            stream.request("type.googleapis.com/envoy.config.listener.v3.Listener", List.of(), "", "", null);
            stream.request(SECRET_URL, SECRET_NAMES, "", "", null);
            Map<String, Secret> secrets = new LinkedHashMap<>();
            boolean nacked = false;
            Set<String> seen = new TreeSet<>();
            while (seen.size() < 3 || !nacked) {
                DiscoveryResponse r = stream.responses.poll(10, TimeUnit.SECONDS);
                assertThat(r).as("responses for %s (seen %s)", group, seen).isNotNull();
                seen.add(r.getTypeUrl());
                com.google.rpc.Status error = null;
                if (r.getTypeUrl().endsWith("Cluster") && !nacked) {
                    error = com.google.rpc.Status.newBuilder()
                            .setCode(3)
                            .setMessage(NACK_TEXT)
                            .build();
                    nacked = true;
                }
                if (r.getTypeUrl().equals(SECRET_URL)) {
                    for (var any : r.getResourcesList()) {
                        Secret s = any.unpack(Secret.class);
                        secrets.put(s.getName(), s);
                    }
                }
                List<String> names = r.getTypeUrl().equals(SECRET_URL) ? SECRET_NAMES : List.of();
                stream.request(r.getTypeUrl(), names, error == null ? r.getVersionInfo() : "", r.getNonce(), error);
            }
            // Give the server the last answers before the stream goes.
            stream.responses.poll(300, TimeUnit.MILLISECONDS);
            return secrets;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Status refusedStatus(int port, Path[] clientFiles, ProxyGroup claimed) throws Exception {
        ManagedChannel channel = channel(port, clientFiles);
        try {
            AdsCall stream = new AdsCall(channel, claimed);
            stream.request(SECRET_URL, SECRET_NAMES, "", "", null);
            Status status = stream.ended.get(10, TimeUnit.SECONDS);
            assertThat(stream.responses).isEmpty();
            return status;
        } finally {
            channel.shutdownNow();
        }
    }

    static final String SECRET_URL = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";

    /** A raw ADS stream, as a proxy of the group opens it. */
    static final class AdsCall {
        final BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
        final CompletableFuture<Status> ended = new CompletableFuture<>();
        final StreamObserver<DiscoveryRequest> requests;
        final Node node;

        AdsCall(ManagedChannel channel, ProxyGroup group) {
            node = Node.newBuilder()
                    .setId(group.cluster() + "-proxy-1")
                    .setCluster(group.proxy())
                    .setUserAgentName("envoy")
                    .setMetadata(Struct.newBuilder()
                            .putFields(
                                    "cluster",
                                    Value.newBuilder()
                                            .setStringValue(group.cluster())
                                            .build()))
                    .build();
            requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
                    .streamAggregatedResources(new StreamObserver<>() {
                        @Override
                        public void onNext(DiscoveryResponse value) {
                            responses.add(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            ended.complete(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            ended.complete(Status.OK);
                        }
                    });
        }

        void request(String type, List<String> names, String version, String nonce, com.google.rpc.Status error) {
            DiscoveryRequest.Builder b = DiscoveryRequest.newBuilder()
                    .setNode(node)
                    .setTypeUrl(type)
                    .addAllResourceNames(names)
                    .setVersionInfo(version)
                    .setResponseNonce(nonce);
            if (error != null) {
                b.setErrorDetail(error);
            }
            requests.onNext(b.build());
        }
    }

    private static ManagedChannel channel(int port, Path[] clientFiles) throws IOException {
        Path ca = clientFiles[0].resolveSibling("ca.crt");
        return NettyChannelBuilder.forAddress(
                        "localhost",
                        port,
                        TlsChannelCredentials.newBuilder()
                                .keyManager(clientFiles[0].toFile(), clientFiles[1].toFile())
                                .trustManager(ca.toFile())
                                .build())
                .build();
    }

    /** {@code spillway ARGS} in a JVM of its own, debug logging on, all its output in {@code out}. */
    private static Process spillway(Path out, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "dev.spillway.server.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
    }

    private static Matcher awaitLog(Path log, Process serve) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = STARTED.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return m;
            }
            assertThat(serve.isAlive())
                    .as("serve is running: %s", Files.exists(log) ? Files.readString(log) : "")
                    .isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("serve did not start: " + Files.readString(log));
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The PEM private keys of the example's Secrets. */
    private static List<String> examplePems() throws IOException {
        List<String> pems = new ArrayList<>();
        for (String b64 : exampleBase64Keys()) {
            pems.add(new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII));
        }
        return pems;
    }

    /** The base64 {@code tls.key} values of the example's Secrets, as the files hold them. */
    private static List<String> exampleBase64Keys() throws IOException {
        List<String> keys = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode doc : yaml.readerFor(JsonNode.class)
                        .<JsonNode>readValues(Files.readString(file))
                        .readAll()) {
                    JsonNode key = doc.path("data").path("tls.key");
                    if ("Secret".equals(doc.path("kind").asText()) && key.isTextual()) {
                        keys.add(key.asText().replaceAll("\\s", ""));
                    }
                }
            }
        }
        assertThat(keys).hasSize(2);
        return keys;
    }

    /** The body lines of PEM private keys: each long enough to be a key's and nothing else's. */
    private static List<String> keyLines(List<String> pems) {
        List<String> lines = new ArrayList<>();
        for (String pem : pems) {
            assertThat(pem).contains("PRIVATE KEY-----");
            for (String line : pem.split("\n")) {
                if (!line.startsWith("-----") && line.trim().length() >= 24) {
                    lines.add(line.trim());
                }
            }
        }
        return lines;
    }

    /** The xDS certificates of the run, generated as {@code spillway create xds-certs} does. */
    static final class Pki {
        final Path dir;
        final CertificateAuthority ca = CertificateAuthority.create("leak-test-ca", Duration.ofDays(1));
        final Path caFile;
        final Path[] server;
        final List<String> keys = new ArrayList<>();

        Pki(Path dir) throws IOException {
            this.dir = dir;
            caFile = write("ca.crt", ca.ca().certificatePem());
            keys.add(ca.ca().privateKeyPem());
            server = files("server", ca.issueServer(List.of("localhost"), Duration.ofDays(1)));
        }

        Path[] client(ProxyGroup group) throws IOException {
            return files(
                    group.cluster() + "-" + group.proxy(),
                    ca.issueClient(SpiffeId.of(SpiffeId.DEFAULT_TRUST_DOMAIN, group), Duration.ofDays(1)));
        }

        /** A new server certificate in place of the old, which serve logs that it reloads. */
        void rotateServer() throws IOException {
            Path[] next = files("server-next", ca.issueServer(List.of("localhost"), Duration.ofDays(1)));
            Files.copy(next[1], server[1], java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(next[0], server[0], java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(server[0], FileTime.from(Instant.now().plusSeconds(5)));
        }

        List<String> privateKeys() {
            return keys;
        }

        private Path[] files(String name, CertificateAuthority.Issued issued) throws IOException {
            keys.add(issued.privateKeyPem());
            return new Path[] {
                write(name + ".crt", issued.certificatePem()), write(name + ".key", issued.privateKeyPem())
            };
        }

        private Path write(String name, String text) throws IOException {
            return Files.writeString(dir.resolve(name), text);
        }
    }
}
