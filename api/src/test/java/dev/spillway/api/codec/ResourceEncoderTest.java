package dev.spillway.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.FailoverScheme.Target;
import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.HealthCheck;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import dev.spillway.api.model.VirtualService.Destination;
import dev.spillway.api.model.VirtualService.HeaderMatcher;
import dev.spillway.api.model.VirtualService.Matcher;
import dev.spillway.api.model.VirtualService.PathKind;
import dev.spillway.api.model.VirtualService.Route;
import dev.spillway.api.model.VirtualService.RouteAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceEncoderTest {

    private static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

    private static ObjectMeta meta(String namespace, String name) {
        return new ObjectMeta("local", namespace, name, Map.of(), 0, "");
    }

    private static ResourceRef ref(String name) {
        return new ResourceRef(name, "gloo-system");
    }

    /** Encodes, decodes the YAML again, and returns the decoded resource (which must have no problems). */
    private static Resource roundTrip(Resource resource) {
        Decoded decoded = Decoding.decodeOne(ResourceEncoder.encode(resource));
        assertThat(Decoding.texts(decoded)).isEmpty();
        return decoded.resource();
    }

    @Test
    void tlsSecretIsWrittenAsGlooctlWritesIt() {
        TlsSecret secret = new TlsSecret(meta("gloo-system", "failover-downstream"), "crt", "key", "ca");

        assertThat(ResourceEncoder.encode(secret)).isEqualTo("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: failover-downstream
                  namespace: gloo-system
                type: kubernetes.io/tls
                data:
                  tls.crt: Y3J0
                  tls.key: a2V5
                  ca.crt: Y2E=
                """);
    }

    @Test
    void tlsSecretRoundTrips() {
        TlsSecret secret = new TlsSecret(meta("gloo-system", "failover-downstream"), CERT, KEY, CERT);

        assertThat(roundTrip(secret)).isEqualTo(secret);
    }

    @Test
    void tlsSecretWithoutRootCaRoundTrips() {
        TlsSecret secret = new TlsSecret(meta("gloo-system", "failover-upstream"), CERT, KEY, "");

        assertThat(roundTrip(secret)).isEqualTo(secret);
    }

    @Test
    void routeIsWrittenAsGlooctlAddRouteWritesIt() {
        VirtualService vs = new VirtualService(
                meta("gloo-system", "default"),
                List.of("*"),
                List.of(new Route(
                        List.of(new Matcher(PathKind.PREFIX, "/", List.of(), List.of())),
                        new RouteAction(List.of(new Destination(ref("default-service-blue-10000"), 0)), false))));

        assertThat(ResourceEncoder.encode(vs)).isEqualTo("""
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata:
                  name: default
                  namespace: gloo-system
                spec:
                  virtualHost:
                    domains:
                    - '*'
                    routes:
                    - matchers:
                      - prefix: /
                      routeAction:
                        single:
                          upstream:
                            name: default-service-blue-10000
                            namespace: gloo-system
                """);
    }

    @Test
    void virtualServiceRoundTrips() {
        VirtualService vs = new VirtualService(
                new ObjectMeta("local", "apps", "shop", Map.of("team", "web"), 3, "2024-01-02T03:04:05Z"),
                List.of("shop.example.com", "true", "10000"),
                List.of(
                        new Route(
                                List.of(
                                        new Matcher(PathKind.EXACT, "/cart", List.of(), List.of("GET", "POST")),
                                        new Matcher(
                                                PathKind.REGEX,
                                                "/items/[0-9]+",
                                                List.of(
                                                        new HeaderMatcher("x-canary", "", false, false),
                                                        new HeaderMatcher("x-env", "prod|dev", true, true)),
                                                List.of())),
                                new RouteAction(
                                        List.of(
                                                new Destination(ref("blue"), 9),
                                                new Destination(new ResourceRef("green", "apps"), 1)),
                                        true)),
                        new Route(List.of(), new RouteAction(List.of(new Destination(ref("blue"), 0)), false))));

        assertThat(roundTrip(vs)).isEqualTo(vs);
    }

    @Test
    void upstreamRoundTrips() {
        Upstream upstream = new Upstream(
                meta("gloo-system", "blue"),
                null,
                new Upstream.StaticBackend(List.of(new HostPort("10.0.0.1", 8443), new HostPort("::1", 80)), false),
                List.of(
                        new HealthCheck(
                                Duration.ofMillis(250),
                                Duration.ofSeconds(1),
                                1,
                                2,
                                Duration.ofMillis(10),
                                Duration.ofSeconds(60),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(3),
                                new HealthCheck.Http("/health", "blue", List.of(new HealthCheck.StatusRange(200, 204))),
                                null,
                                null),
                        new HealthCheck(
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(1),
                                1,
                                1,
                                null,
                                null,
                                null,
                                null,
                                null,
                                new HealthCheck.Tcp("", List.of()),
                                null),
                        new HealthCheck(
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(1),
                                1,
                                1,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                new HealthCheck.Grpc("", ""))),
                Duration.ofMillis(1500),
                new Upstream.UpstreamSsl(ref("client"), "blue.local"),
                new Upstream.OutlierDetection(5, Duration.ofSeconds(10), null, 100),
                new Upstream.CircuitBreakers(null, 10, null, 3),
                false);

        assertThat(roundTrip(upstream)).isEqualTo(upstream);
    }

    @Test
    void kubeUpstreamRoundTrips() {
        Upstream upstream = new Upstream(
                meta("gloo-system", "default-service-blue-10000"),
                new Upstream.KubeBackend("service-blue", "default", 10000, Map.of("app", "bluegreen")),
                null,
                List.of(),
                null,
                null,
                null,
                null,
                false);

        assertThat(roundTrip(upstream)).isEqualTo(upstream);
    }

    @Test
    void gatewaysRoundTrip() {
        Gateway http = new Gateway(
                meta("gloo-system", "gateway-proxy"),
                "::",
                8080,
                List.of("gateway-proxy"),
                new Gateway.HttpGateway(Map.of("color", "blue"), List.of(ref("default"))),
                null);
        Gateway tcp = new Gateway(
                meta("gloo-system", "failover-gateway"),
                "0.0.0.0",
                15443,
                List.of("a", "b"),
                null,
                new Gateway.TcpGateway(List.of(
                        new Gateway.TcpHost(
                                "failover",
                                new Gateway.TcpSsl(
                                        ref("failover-downstream"), List.of("x.example.com"), true, List.of("h2")),
                                new Gateway.TcpDestination(true, null)),
                        new Gateway.TcpHost("db", null, new Gateway.TcpDestination(false, ref("db"))))));

        assertThat(roundTrip(http)).isEqualTo(http);
        assertThat(roundTrip(tcp)).isEqualTo(tcp);
    }

    @Test
    void failoverSchemeRoundTrips() {
        FailoverScheme scheme = new FailoverScheme(
                meta("gloo-fed", "failover-scheme"),
                new Target("local", ref("blue")),
                List.of(
                        new FailoverScheme.FailoverGroup(List.of(
                                new Target("remote", ref("green")),
                                new Target("remote", ref("teal")),
                                new Target("east", ref("green")))),
                        new FailoverScheme.FailoverGroup(List.of(new Target("remote", ref("grey"))))),
                150);

        assertThat(roundTrip(scheme)).isEqualTo(scheme);
    }

    @Test
    void failoverThresholdsRoundTrip() {
        FailoverScheme scheme = new FailoverScheme(
                meta("gloo-fed", "failover-scheme"),
                new Target("local", ref("blue")),
                List.of(
                        new FailoverScheme.FailoverGroup(
                                List.of(new Target("remote", ref("green"))), 60.0, java.util.Map.of()),
                        new FailoverScheme.FailoverGroup(List.of(new Target("remote", ref("grey"))))),
                null,
                12.5,
                0.0,
                50.0);

        assertThat(roundTrip(scheme)).isEqualTo(scheme);
    }

    @Test
    void clusterRegistrationRoundTrips() {
        ClusterRegistration cluster = new ClusterRegistration(
                meta("", "remote"),
                "us-east1",
                "",
                ClusterRegistration.Network.FLAT,
                new HostPort("lb.example.com", 32000),
                "gloo-fed-2");

        assertThat(roundTrip(cluster)).isEqualTo(cluster);
    }

    @Test
    void severalResourcesAreOneMultiDocumentFile() {
        List<Resource> resources = List.of(
                new TlsSecret(meta("gloo-system", "a"), CERT, KEY, ""),
                new TlsSecret(meta("gloo-system", "b"), CERT, KEY, CERT));

        DecodedFile file = Decoding.decodeFile(ResourceEncoder.encodeAll(resources));

        assertThat(file.documents()).extracting(Decoded::resource).containsExactlyElementsOf(resources);
    }

    @Test
    void kubernetesOwnedKindsAreNotWritten() {
        KubeService service = new KubeService(meta("default", "blue"), "ClusterIP", Map.of(), List.of(), List.of());

        assertThatThrownBy(() -> ResourceEncoder.encode(service)).isInstanceOf(IllegalArgumentException.class);
    }
}
