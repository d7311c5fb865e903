package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.resource;
import static dev.spillway.api.codec.Decoding.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.HealthCheck;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML of the service failover guide, and what glooctl and Gloo write for it, decodes unchanged. */
class GuideDocumentsTest {

    private static final String GLOO_SYSTEM = "gloo-system";

    @Test
    void failoverGatewayAndItsServiceDecode() {
        List<Resource> resources = acceptedResources("remote", "guide/failover-gateway.yaml");

        ObjectMeta gatewayMeta =
                new ObjectMeta("remote", GLOO_SYSTEM, "failover-gateway", Map.of("app", "gloo"), 0, "");
        Gateway.TcpSsl ssl =
                new Gateway.TcpSsl(new ResourceRef("failover-downstream", GLOO_SYSTEM), List.of(), false, List.of());
        Gateway.TcpHost host = new Gateway.TcpHost("failover", ssl, new Gateway.TcpDestination(true, null));
        Gateway gateway = new Gateway(
                gatewayMeta, "::", 15443, List.of("gateway-proxy"), null, new Gateway.TcpGateway(List.of(host)));

        ObjectMeta serviceMeta = new ObjectMeta(
                "remote",
                GLOO_SYSTEM,
                "failover",
                Map.of("app", "gloo", "gateway-proxy-id", "gateway-proxy", "gloo", "gateway-proxy"),
                0,
                "");
        KubeService service = new KubeService(
                serviceMeta,
                "LoadBalancer",
                Map.of("gateway-proxy", "live", "gateway-proxy-id", "gateway-proxy"),
                List.of(new KubeService.Port("failover", 15443, 15443, "", 32000)),
                List.of());

        assertThat(resources).containsExactly(gateway, service);
    }

    @Test
    void blueServiceDecodesAndItsDeploymentIsIgnored() {
        List<Resource> resources = acceptedResources("local", "guide/blue.yaml");

        ObjectMeta meta =
                new ObjectMeta("local", "default", "service-blue", Map.of("app", "bluegreen", "text", "blue"), 0, "");
        assertThat(resources)
                .containsExactly(new KubeService(
                        meta,
                        "ClusterIP",
                        Map.of("app", "bluegreen", "text", "blue"),
                        List.of(new KubeService.Port("color", 10000, 10000, "", 0)),
                        List.of()));
    }

    @Test
    void greenServiceDecodesAndItsDeploymentIsIgnored() {
        List<Resource> resources = acceptedResources("remote", "guide/green.yaml");

        ObjectMeta meta = new ObjectMeta("remote", "default", "service-green", Map.of("app", "bluegreen"), 0, "");
        assertThat(resources)
                .containsExactly(new KubeService(
                        meta,
                        "ClusterIP",
                        Map.of("app", "bluegreen", "text", "green"),
                        List.of(new KubeService.Port("color", 10000, 10000, "", 0)),
                        List.of()));
    }

    @Test
    void failoverSchemeDecodes() {
        List<Resource> resources = acceptedResources("local", "guide/failover-scheme.yaml");

        ObjectMeta meta = new ObjectMeta("local", "gloo-fed", "failover-scheme", Map.of(), 0, "");
        FailoverScheme.Target primary =
                new FailoverScheme.Target("local", new ResourceRef("default-service-blue-10000", GLOO_SYSTEM));
        FailoverScheme.Target green =
                new FailoverScheme.Target("remote", new ResourceRef("default-service-green-10000", GLOO_SYSTEM));
        assertThat(resources)
                .containsExactly(new FailoverScheme(
                        meta, primary, List.of(new FailoverScheme.FailoverGroup(List.of(green))), null));
    }

    @Test
    void discoveredBlueUpstreamDecodes() {
        List<Resource> resources = acceptedResources("local", "discovered/default-service-blue-10000.yaml");

        assertThat(resources).containsExactly(blueUpstream(List.of()));
    }

    @Test
    void healthCheckPatchMergedIntoTheBlueUpstreamDecodes() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode upstream = yaml.readTree(resource("discovered/default-service-blue-10000.yaml"));
        JsonNode patch = yaml.readTree(resource("guide/health-check-patch.yaml"));
        String patched = yaml.writeValueAsString(mergePatch(upstream, patch));

        Decoded decoded = Decoding.decodeOne(patched);

        HealthCheck healthCheck = new HealthCheck(
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                1,
                1,
                null,
                null,
                null,
                null,
                new HealthCheck.Http("/health", "", List.of()),
                null,
                null);
        assertThat(texts(decoded)).isEmpty();
        assertThat(decoded.resource()).isEqualTo(blueUpstream(List.of(healthCheck)));
    }

    @Test
    void tlsSecretAsGlooctlStoresItDecodes() {
        List<Resource> resources = acceptedResources("remote", "glooctl/failover-downstream-secret.yaml");

        ObjectMeta meta = new ObjectMeta("remote", GLOO_SYSTEM, "failover-downstream", Map.of(), 0, "");
        assertThat(resources)
                .containsExactly(new TlsSecret(
                        meta,
                        "-----BEGIN CERTIFICATE-----\nMIIDETCCAfmgAwIBAgIUdownstreamTestCertificateOnly0123456789AB\n"
                                + "-----END CERTIFICATE-----\n",
                        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCdownstreamTestKeyOnly0123456789\n"
                                + "-----END PRIVATE KEY-----\n",
                        "-----BEGIN CERTIFICATE-----\nMIIDETCCAfmgAwIBAgIUupstreamCaTestCertificateOnly0123456789ABCD\n"
                                + "-----END CERTIFICATE-----\n"));
    }

    @Test
    void tlsSecretWithoutRootCaDecodes() {
        List<Resource> resources = acceptedResources("local", "glooctl/failover-upstream-secret.yaml");

        assertThat(resources)
                .singleElement()
                .isInstanceOfSatisfying(
                        TlsSecret.class,
                        secret -> assertThat(secret.hasRootCa()).isFalse());
    }

    @Test
    void routeAsGlooctlAddRouteWritesItDecodes() {
        List<Resource> resources = acceptedResources("local", "glooctl/default-virtual-service.yaml");

        ObjectMeta meta = new ObjectMeta("local", GLOO_SYSTEM, "default", Map.of(), 2, "2020-07-21T18:20:11Z");
        VirtualService.Matcher slash =
                new VirtualService.Matcher(VirtualService.PathKind.PREFIX, "/", List.of(), List.of());
        VirtualService.RouteAction toBlue = new VirtualService.RouteAction(
                List.of(new VirtualService.Destination(new ResourceRef("default-service-blue-10000", GLOO_SYSTEM), 0)),
                false);
        assertThat(resources)
                .containsExactly(new VirtualService(
                        meta, List.of("*"), List.of(new VirtualService.Route(List.of(slash), toBlue))));
    }

    private static Upstream blueUpstream(List<HealthCheck> healthChecks) {
        ObjectMeta meta = new ObjectMeta(
                "local", GLOO_SYSTEM, "default-service-blue-10000", Map.of("discovered_by", "kubernetesplugin"), 0, "");
        Upstream.KubeBackend kube =
                new Upstream.KubeBackend("service-blue", "default", 10000, Map.of("app", "bluegreen", "text", "blue"));
        return new Upstream(meta, kube, null, healthChecks, null, null, null, null, false);
    }

    /** Decodes a test resource file, asserting that every document in it is accepted without problems. */
    private static List<Resource> acceptedResources(String cluster, String path) {
        DecodedFile file = ResourceDecoder.decode(cluster, path, resource(path));
        assertThat(file.fileProblem()).isNull();
        file.documents()
                .forEach(d -> assertThat(texts(d)).as(d.key().toString()).isEmpty());
        return file.documents().stream().map(Decoded::resource).toList();
    }

    /** RFC 7386 JSON merge patch, as {@code kubectl patch --type=merge} applies it. */
    private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result =
                target.isObject() ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        patch.properties().forEach(field -> {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.path(field.getKey()), field.getValue()));
            }
        });
        return result;
    }
}
