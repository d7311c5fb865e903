package dev.spillway.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.spillway.api.codec.Decoded;
import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.codec.ResourceEncoder;
import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.HealthCheck;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import dev.spillway.api.status.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs in deploy/crds against what Spillway reads: every document of the guide, the example, the
 * codec's and the translator's test inputs that Spillway accepts without a warning has every field
 * declared in its CRD's schema with the right type, and so does a resource of each kind with every
 * field the encoder writes. Gloo's fields that Spillway ignores are preserved, not refused.
 */
class CrdSchemaTest {
    private static final Path CRDS = DeployManifestsTest.DEPLOY.resolve("crds");
    private static final List<Path> DOCUMENT_ROOTS = List.of(
            Path.of("../../examples/failover"),
            Path.of("../../api/src/test/resources"),
            Path.of("../../translator/src/test/resources/golden"),
            DeployManifestsTest.DEPLOY);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMeta META =
            new ObjectMeta("local", "gloo-system", "all-fields", Map.of("app", "x"), 0, "");

    /** Each CRD's v1 schema by {@code group/Kind}. */
    private static Map<String, JsonNode> schemas() throws IOException {
        Map<String, JsonNode> schemas = new TreeMap<>();
        for (Path file : crdFiles()) {
            JsonNode crd = YAML.readTree(file.toFile());
            String key = crd.path("spec").path("group").asText() + "/"
                    + crd.path("spec").path("names").path("kind").asText();
            schemas.put(
                    key, crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema"));
        }
        return schemas;
    }

    private static List<Path> crdFiles() throws IOException {
        try (Stream<Path> files = Files.list(CRDS)) {
            return files.filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void crdsAreStructuralNamespacedAsGlooAndServeV1WithStatus() throws IOException {
        Map<String, JsonNode> crds = new TreeMap<>();
        for (Path file : crdFiles()) {
            JsonNode crd = YAML.readTree(file.toFile());
            crds.put(crd.path("metadata").path("name").asText(), crd);
            assertThat(file.getFileName().toString())
                    .isEqualTo(crd.path("metadata").path("name").asText() + ".yaml");
            JsonNode spec = crd.path("spec");
            assertThat(crd.path("metadata").path("name").asText())
                    .isEqualTo(spec.path("names").path("plural").asText() + "."
                            + spec.path("group").asText());
            assertThat(spec.path("versions")).hasSize(1);
            JsonNode v1 = spec.path("versions").get(0);
            assertThat(v1.path("name").asText()).isEqualTo("v1");
            assertThat(v1.path("served").asBoolean()).isTrue();
            assertThat(v1.path("storage").asBoolean()).isTrue();
            assertThat(v1.path("subresources").path("status").isObject())
                    .as("status subresource of %s", file)
                    .isTrue();
            JsonNode schema = v1.path("schema").path("openAPIV3Schema");
            assertThat(SchemaCheck.structuralFaults(schema, file.getFileName().toString()))
                    .isEmpty();
            assertThat(schema.path("properties").path("metadata"))
                    .as("metadata is the API server's: only its type may be given")
                    .isEqualTo(YAML.readTree("type: object"));
            assertThat(schema.path("properties")
                            .path("status")
                            .path("properties")
                            .has("state"))
                    .isTrue();
            assertThat(schema.path("properties")
                            .path("status")
                            .path("properties")
                            .has("observedGeneration"))
                    .isTrue();
            assertThat(v1.path("additionalPrinterColumns").findValuesAsText("name"))
                    .contains("State");
            for (JsonNode column : v1.path("additionalPrinterColumns")) {
                String jsonPath = column.path("jsonPath").asText();
                assertThat(jsonPath.startsWith(".metadata.") || pathExists(schema, jsonPath))
                        .as("printer column %s of %s", column.path("name").asText(), file)
                        .isTrue();
            }
        }
        assertThat(crds)
                .containsOnlyKeys(
                        "upstreams.gloo.solo.io",
                        "gateways.gateway.solo.io",
                        "virtualservices.gateway.solo.io",
                        "failoverschemes.fed.solo.io",
                        "clusters.spillway.dev");
        assertThat(crds.get("upstreams.gloo.solo.io")
                        .path("spec")
                        .path("names")
                        .path("shortNames")
                        .toString())
                .isEqualTo("[\"us\"]");
        assertThat(crds.get("gateways.gateway.solo.io")
                        .path("spec")
                        .path("names")
                        .path("shortNames")
                        .toString())
                .isEqualTo("[\"gw\"]");
        assertThat(crds.get("virtualservices.gateway.solo.io")
                        .path("spec")
                        .path("names")
                        .path("shortNames")
                        .toString())
                .isEqualTo("[\"vs\"]");
        assertThat(crds.get("failoverschemes.fed.solo.io")
                        .path("spec")
                        .path("names")
                        .path("shortNames")
                        .toString())
                .isEqualTo("[\"fs\"]");
        crds.forEach((name, crd) -> assertThat(crd.path("spec").path("scope").asText())
                .as(name)
                .isEqualTo(name.equals("clusters.spillway.dev") ? "Cluster" : "Namespaced"));
    }

    /** The documents Spillway accepts as they are have every field declared in the CRD, with its type. */
    @Test
    void everyDocumentSpillwayAcceptsConformsToItsCrd() throws IOException {
        Map<String, JsonNode> schemas = schemas();
        Map<String, Integer> declaredChecks = new TreeMap<>();
        List<String> faults = new ArrayList<>();

        for (Path file : yamlFiles()) {
            List<JsonNode> docs;
            try {
                docs = YAML.readerFor(JsonNode.class)
                        .<JsonNode>readValues(Files.readString(file))
                        .readAll();
            } catch (IOException e) {
                continue; // The translator's tests include a file that is not YAML on purpose.
            }
            for (JsonNode doc : docs) {
                String key = groupKind(doc);
                if (doc == null || !doc.isObject() || !schemas.containsKey(key)) {
                    continue;
                }
                List<Problem> problems = problems(doc);
                if (problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR)) {
                    continue; // Rejected by Spillway on purpose (a test of a fault): not a document to apply.
                }
                boolean warned = !problems.isEmpty();
                SchemaCheck.Mode mode = warned ? SchemaCheck.Mode.API_SERVER : SchemaCheck.Mode.DECLARED;
                for (String fault : SchemaCheck.check(schemas.get(key), body(doc), "", mode)) {
                    faults.add(file + " " + key + " "
                            + doc.path("metadata").path("name").asText() + ": " + fault);
                }
                if (!warned) {
                    declaredChecks.merge(key, 1, Integer::sum);
                }
            }
        }

        assertThat(faults).isEmpty();
        assertThat(declaredChecks)
                .as("documents checked field by field, per kind")
                .containsOnlyKeys(schemas.keySet());
    }

    /** {@code kubectl explain} has something to say about every field Spillway declares. */
    @Test
    void everyDeclaredFieldIsDescribed() throws IOException {
        List<String> undescribed = new ArrayList<>();
        schemas()
                .forEach((kind, schema) -> schema.path("properties").fields().forEachRemaining(top -> {
                    if (top.getKey().equals("spec") || top.getKey().equals("status")) {
                        undescribed(top.getValue(), kind + " ." + top.getKey(), undescribed);
                    }
                }));

        assertThat(undescribed).as("schema properties without a description").isEmpty();
    }

    private static void undescribed(JsonNode property, String path, List<String> out) {
        if (!property.hasNonNull("description")
                || property.path("description").asText().isBlank()) {
            out.add(path);
        }
        property.path("properties")
                .fields()
                .forEachRemaining(child -> undescribed(child.getValue(), path + "." + child.getKey(), out));
        JsonNode items = property.path("items");
        if (items.isObject()) {
            items.path("properties")
                    .fields()
                    .forEachRemaining(child -> undescribed(child.getValue(), path + "[]." + child.getKey(), out));
        }
    }

    /** A resource of each kind with every field set, as the encoder writes it, conforms field by field. */
    @Test
    void everyFieldTheEncoderWritesIsDeclared() throws IOException {
        Map<String, JsonNode> schemas = schemas();
        List<Resource> resources = allFields();
        List<String> kinds = new ArrayList<>();

        for (Resource resource : resources) {
            JsonNode doc = YAML.readTree(ResourceEncoder.encode(resource));
            assertThat(problems(doc))
                    .as("%s decodes without a problem", resource.kind())
                    .isEmpty();
            String key = groupKind(doc);
            kinds.add(key);
            assertThat(SchemaCheck.check(schemas.get(key), body(doc), "", SchemaCheck.Mode.DECLARED))
                    .as("%s", key)
                    .isEmpty();
        }
        assertThat(kinds).containsAll(schemas.keySet());
    }

    @Test
    void glooFieldsSpillwayIgnoresArePreservedNotRefused() throws IOException {
        Map<String, JsonNode> schemas = schemas();
        JsonNode upstream = YAML.readTree("""
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata: {name: u, namespace: gloo-system}
                spec:
                  useHttp2: true
                  respectDnsTtl: true
                  kube:
                    serviceName: s
                    servicePort: 80
                    subsetSpec: {selectors: [{keys: [color]}]}
                  healthChecks:
                  - timeout: 1s
                    interval: 1s
                    unhealthyThreshold: 1
                    healthyThreshold: 1
                    reuseConnection: true
                    httpHealthCheck: {path: /health, useHttp2: true}
                  outlierDetection: {consecutiveGatewayFailure: 3}
                status:
                  statuses:
                    gloo-system: {state: 1, reportedBy: gloo}
                """);
        JsonNode virtualService = YAML.readTree("""
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata: {name: v, namespace: gloo-system}
                spec:
                  virtualHost:
                    options: {cors: {allowOrigin: ["*"]}}
                    routes:
                    - matchers: [{prefix: /, queryParameters: [{name: a}]}]
                      options: {prefixRewrite: /x}
                      routeAction: {single: {upstream: {name: u}, destinationSpec: {}}}
                    - matchers: [{exact: /old}]
                      redirectAction: {hostRedirect: example.com}
                """);

        assertThat(SchemaCheck.check(
                        schemas.get("gloo.solo.io/Upstream"), body(upstream), "", SchemaCheck.Mode.API_SERVER))
                .isEmpty();
        assertThat(SchemaCheck.check(
                        schemas.get("gateway.solo.io/VirtualService"),
                        body(virtualService),
                        "",
                        SchemaCheck.Mode.API_SERVER))
                .isEmpty();
        assertThat(SchemaCheck.check(
                        schemas.get("gloo.solo.io/Upstream"), body(upstream), "", SchemaCheck.Mode.DECLARED))
                .contains(".spec.respectDnsTtl: not in the schema (only preserved as an unknown" + " field)");
    }

    @Test
    void theSchemaCheckFindsWrongTypesAndUndeclaredFields() throws IOException {
        Map<String, JsonNode> schemas = schemas();
        JsonNode gateway = YAML.readTree("""
                apiVersion: gateway.solo.io/v1
                kind: Gateway
                metadata: {name: g, namespace: gloo-system}
                spec:
                  bindPort: "8080"
                  tcpGateway:
                    tcpHosts:
                    - name: failover
                      sslConfig: {secretRef: {name: s, nmespace: gloo-system}}
                      destination: {forwardSniClusterName: {}}
                """);
        JsonNode cluster = YAML.readTree("""
                apiVersion: spillway.dev/v1
                kind: Cluster
                metadata: {name: c}
                spec: {network: mesh, failoverAddress: {address: 10.0.0.1, port: 70000}}
                """);

        assertThat(SchemaCheck.check(
                        schemas.get("gateway.solo.io/Gateway"), body(gateway), "", SchemaCheck.Mode.API_SERVER))
                .containsExactly(
                        ".spec.bindPort: must be an integer, is STRING",
                        ".spec.tcpGateway.tcpHosts[0].sslConfig.secretRef.nmespace: not in the schema");
        assertThat(SchemaCheck.check(
                        schemas.get("spillway.dev/Cluster"), body(cluster), "", SchemaCheck.Mode.API_SERVER))
                .containsExactly(
                        ".spec.network: \"mesh\" is not one of [\"gateway\",\"flat\"]",
                        ".spec.failoverAddress.port: 70000 is above 65535");
    }

    // ---- helpers

    private static List<Path> yamlFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : DOCUMENT_ROOTS) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile)
                        .filter(f ->
                                f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThan(20);
        return files;
    }

    private static String groupKind(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            return "";
        }
        String apiVersion = doc.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        return (slash < 0 ? "" : apiVersion.substring(0, slash)) + "/"
                + doc.path("kind").asText();
    }

    /** The document without what the API server owns ({@code metadata}) or Spillway writes ({@code status}). */
    private static JsonNode body(JsonNode doc) {
        ObjectNode copy = doc.deepCopy();
        copy.remove("metadata");
        copy.remove("status");
        return copy;
    }

    private static List<Problem> problems(JsonNode doc) throws IOException {
        DecodedFile decoded = ResourceDecoder.decode("local", "doc.yaml", YAML.writeValueAsString(doc));
        List<Problem> problems = new ArrayList<>();
        if (decoded.fileProblem() != null) {
            problems.add(decoded.fileProblem());
        }
        decoded.documents().stream().map(Decoded::problems).forEach(problems::addAll);
        return problems;
    }

    /** True when a printer column's {@code .a.b} path names declared properties. */
    private static boolean pathExists(JsonNode schema, String jsonPath) {
        JsonNode node = schema;
        for (String part : jsonPath.substring(1).split("\\.")) {
            node = node.path("properties").path(part);
            if (node.isMissingNode()) {
                return false;
            }
        }
        return true;
    }

    /** One resource of each kind with every field the records hold set, so the encoder writes all of them. */
    private static List<Resource> allFields() {
        ResourceRef secret = new ResourceRef("tls", "gloo-system");
        ResourceRef upstream = new ResourceRef("blue", "gloo-system");
        Duration s = Duration.ofSeconds(1);
        HealthCheck http = new HealthCheck(
                s,
                s,
                1,
                1,
                Duration.ofMillis(100),
                Duration.ofSeconds(60),
                s,
                s,
                new HealthCheck.Http("/health", "blue.example", List.of(new HealthCheck.StatusRange(200, 300))),
                null,
                null);
        HealthCheck tcp = new HealthCheck(
                s, s, 2, 2, null, null, null, null, null, new HealthCheck.Tcp("0000", List.of("FF")), null);
        HealthCheck grpc =
                new HealthCheck(s, s, 3, 3, null, null, null, null, null, null, new HealthCheck.Grpc("svc", "auth"));
        Upstream kube = new Upstream(
                META,
                new Upstream.KubeBackend("svc", "default", 80, Map.of("app", "blue")),
                null,
                List.of(http, tcp, grpc),
                Duration.ofMillis(250),
                new Upstream.UpstreamSsl(secret, "blue.example"),
                new Upstream.OutlierDetection(5, s, Duration.ofSeconds(30), 50),
                new Upstream.CircuitBreakers(100, 10, 1000, 3),
                false);
        Upstream statics = new Upstream(
                META,
                null,
                new Upstream.StaticBackend(List.of(new HostPort("10.0.0.1", 443)), true),
                List.of(),
                null,
                null,
                null,
                null,
                false);
        Gateway httpGateway = new Gateway(
                META,
                "::",
                8080,
                List.of("gateway-proxy"),
                new Gateway.HttpGateway(Map.of("app", "x"), List.of(new ResourceRef("default", "gloo-system"))),
                null);
        Gateway tcpGateway = new Gateway(
                META,
                "0.0.0.0",
                15443,
                List.of("gateway-proxy"),
                null,
                new Gateway.TcpGateway(List.of(
                        new Gateway.TcpHost(
                                "failover",
                                new Gateway.TcpSsl(secret, List.of("a.example"), true, List.of("h2")),
                                new Gateway.TcpDestination(true, null)),
                        new Gateway.TcpHost("single", null, new Gateway.TcpDestination(false, upstream)))));
        VirtualService vs = new VirtualService(
                META,
                List.of("*", "color.example"),
                List.of(
                        new VirtualService.Route(
                                List.of(
                                        new VirtualService.Matcher(
                                                VirtualService.PathKind.PREFIX,
                                                "/",
                                                List.of(
                                                        new VirtualService.HeaderMatcher("x-a", "b", false, false),
                                                        new VirtualService.HeaderMatcher("x-c", "d.*", true, true)),
                                                List.of("GET")),
                                        new VirtualService.Matcher(
                                                VirtualService.PathKind.EXACT, "/e", List.of(), List.of()),
                                        new VirtualService.Matcher(
                                                VirtualService.PathKind.REGEX, "/r.*", List.of(), List.of())),
                                new VirtualService.RouteAction(
                                        List.of(new VirtualService.Destination(upstream, 0)), false)),
                        new VirtualService.Route(
                                List.of(),
                                new VirtualService.RouteAction(
                                        List.of(
                                                new VirtualService.Destination(upstream, 1),
                                                new VirtualService.Destination(
                                                        new ResourceRef("green", "gloo-system"), 3)),
                                        true))));
        FailoverScheme scheme = new FailoverScheme(
                new ObjectMeta("local", "gloo-fed", "scheme", Map.of(), 0, ""),
                new FailoverScheme.Target("local", upstream),
                List.of(new FailoverScheme.FailoverGroup(
                        List.of(new FailoverScheme.Target("remote", new ResourceRef("green", "gloo-system"))))),
                150);
        FailoverScheme thresholds = new FailoverScheme(
                new ObjectMeta("local", "gloo-fed", "thresholds", Map.of(), 0, ""),
                new FailoverScheme.Target("local", upstream),
                List.of(new FailoverScheme.FailoverGroup(
                        List.of(new FailoverScheme.Target("remote", new ResourceRef("green", "gloo-system"))),
                        100.0,
                        Map.of())),
                null,
                50.0,
                0.0);
        ClusterRegistration cluster = new ClusterRegistration(
                new ObjectMeta("", "", "remote", Map.of(), 0, ""),
                "us-east1",
                "us-east1-b",
                ClusterRegistration.Network.FLAT,
                new HostPort("10.0.0.9", 15443),
                "gloo-fed-2");
        return List.of(kube, statics, httpGateway, tcpGateway, vs, scheme, thresholds, cluster);
    }
}
