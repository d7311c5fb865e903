package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.NEIGHBOUR;
import static dev.spillway.api.codec.Decoding.assertAccepted;
import static dev.spillway.api.codec.Decoding.assertAcceptedWithWarnings;
import static dev.spillway.api.codec.Decoding.assertRejected;
import static dev.spillway.api.codec.Decoding.decodeBetweenNeighbours;
import static dev.spillway.api.codec.Decoding.decodeFile;
import static dev.spillway.api.codec.Decoding.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.Upstream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** File-level behaviour: documents, headers, metadata, unknown and unsupported fields. */
class ResourceDecoderTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: echo-blue
            spec:
              replicas: 1
            """;

    @Test
    void decodesEveryDocumentInFileOrder() {
        DecodedFile file =
                decodeFile(NEIGHBOUR.replace("neighbour", "a") + "---\n" + NEIGHBOUR.replace("neighbour", "b"));

        assertThat(file.documents()).extracting(d -> d.key().name()).containsExactly("a", "b");
        assertThat(file.cluster()).isEqualTo("local");
        assertThat(file.fileName()).isEqualTo("test.yaml");
    }

    @Test
    void nearMissKindsAreIgnoredWithADidYouMeanWhileOtherGroupsKindsAreSkippedSilently() {
        String gateway = "metadata: {name: gw, namespace: gloo-system}\nspec: {bindPort: 8080}\n";
        DecodedFile file = decodeFile("apiVersion: gateway.solo.io.v1\nkind: Gateway\n" + gateway
                + "---\napiVersion: gateway.solo.io/v1\nkind: gateway\n" + gateway
                + "---\napiVersion: gateway.solo.io/v1\nkind: Gateways\n" + gateway
                + "---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n" + gateway
                + "---\n" + DEPLOYMENT);

        assertThat(file.documents()).hasSize(3).allSatisfy(d -> {
            assertThat(d.key().kind()).isEqualTo(Kind.FILE);
            assertThat(d.problems())
                    .singleElement()
                    .satisfies(
                            p -> assertThat(p.severity()).isEqualTo(dev.spillway.api.status.Problem.Severity.WARNING));
        });
        assertThat(texts(file.documents().get(0)))
                .containsExactly("File local/test.yaml: document 1: apiVersion gateway.solo.io.v1 kind Gateway is not a"
                        + " kind Spillway reads: ignored; did you mean apiVersion gateway.solo.io/v1 kind Gateway?");
        assertThat(texts(file.documents().get(1))).singleElement().asString().contains("document 2", "kind gateway");
        assertThat(texts(file.documents().get(2))).singleElement().asString().contains("document 3", "kind Gateways");
    }

    @Test
    void emptyDocumentsAreSkipped() {
        DecodedFile file = decodeFile("---\n" + NEIGHBOUR + "---\n---\n# just a comment\n---\n" + NEIGHBOUR);

        assertThat(file.fileProblem()).isNull();
        assertThat(file.documents()).hasSize(2);
    }

    @Test
    void invalidYamlRejectsOnlyItsOwnDocumentWithLineAndColumn() {
        DecodedFile file = decodeFile(NEIGHBOUR + """
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: broken
                  labels: app: blue
                ---
                """ + NEIGHBOUR.replace("neighbour", "after"));

        assertThat(file.fileProblem()).isNull();
        assertThat(file.documents()).hasSize(3);
        assertThat(file.documents().get(0).key().name()).isEqualTo("neighbour");
        assertThat(file.documents().get(0).rejected()).isFalse();
        assertThat(file.documents().get(1).key()).isEqualTo(new ResourceKey(Kind.FILE, "local", "", "test.yaml"));
        assertThat(texts(file.documents().get(1)))
                .containsExactly("File local/test.yaml: line 16, column 14: mapping values are not allowed here");
        assertThat(file.documents().get(2).key().name()).isEqualTo("after");
        assertThat(file.documents().get(2).rejected()).isFalse();
    }

    @Test
    void tabIndentationIsReportedOnItsOwnLine() {
        DecodedFile file = decodeFile("spec:\n\tkube: {}\n");

        assertThat(texts(file.documents().get(0)))
                .containsExactly(
                        "File local/test.yaml: line 2, column 1: "
                                + "found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)");
    }

    @Test
    void duplicateKeysAreInvalidYaml() {
        DecodedFile file = decodeFile("kind: Upstream\nkind: Gateway\n");

        assertThat(texts(file.documents().get(0)))
                .containsExactly("File local/test.yaml: line 2, column 5: Duplicate field 'kind'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "[",
                "{a: ",
                "- - -\n  - x",
                "&a [*a]",
                "\u0000\u0001",
                "? [a]\n: b",
                "!!binary x",
                "a: *nope",
                "\"unterminated",
                "- 1\n- 2",
                "42",
                "key: value"
            })
    void neverThrowsOnArbitraryText(String text) {
        assertThatCode(() -> decodeFile(text)).doesNotThrowAnyException();
    }

    @Test
    void documentThatIsNotAnObjectIsRejectedByIndex() {
        DecodedFile file = decodeFile(NEIGHBOUR + "---\n- just\n- a list\n");

        assertThat(texts(file.documents().get(1)))
                .containsExactly("File local/test.yaml: document 2: must be an object");
        assertThat(file.documents().get(0).problems()).isEmpty();
    }

    @Test
    void documentWithoutKindIsRejectedByIndex() {
        Decoded decoded = decodeBetweenNeighbours("""
                apiVersion: gloo.solo.io/v1
                metadata:
                  name: blue
                """);

        assertThat(decoded.key()).isEqualTo(new ResourceKey(Kind.FILE, "local", "", "test.yaml"));
        assertThat(texts(decoded)).containsExactly("File local/test.yaml: document 2: kind is required");
        assertThat(decoded.rejected()).isTrue();
    }

    @Test
    void documentWithoutNameIsRejectedByIndex() {
        assertRejected("""
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                  namespace: gloo-system
                """, "File local/test.yaml: document 2: metadata.name is required");
    }

    @Test
    void unknownKindIsIgnored() {
        DecodedFile file = decodeFile(NEIGHBOUR + "---\n" + DEPLOYMENT + "---\napiVersion: v1\nkind: ConfigMap\n");

        assertThat(file.documents())
                .extracting(Decoded::key)
                .extracting(ResourceKey::name)
                .containsExactly("neighbour");
    }

    @Test
    void knownKindNameOfAnotherApiGroupIsIgnored() {
        DecodedFile file = decodeFile(NEIGHBOUR + """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata:
                  name: eg
                spec:
                  gatewayClassName: eg
                """);

        assertThat(file.documents()).hasSize(1);
    }

    @Test
    void knownKindWithAnotherVersionIsRejected() {
        assertRejected(
                """
                apiVersion: gateway.solo.io/v2
                kind: Gateway
                metadata:
                  name: gw
                  namespace: gloo-system
                spec:
                  bindPort: 8080
                """,
                "Gateway gloo-system/gw: apiVersion gateway.solo.io/v2 is not supported (expected gateway.solo.io/v1)");
    }

    @Test
    void knownKindWithoutApiVersionIsRejected() {
        assertRejected("""
                kind: Upstream
                metadata:
                  name: blue
                  namespace: gloo-system
                spec:
                  static: {hosts: [{addr: 10.0.0.1, port: 80}]}
                """, "Upstream gloo-system/blue: apiVersion is required");
    }

    @Test
    void metadataIsDecoded() {
        Upstream upstream = (Upstream) assertAccepted("""
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                  name: blue
                  namespace: gloo-system
                  labels: {team: blue, app: color}
                  generation: 7
                  creationTimestamp: "2024-01-02T03:04:05Z"
                  annotations: {kubectl.kubernetes.io/last-applied-configuration: "{}"}
                  uid: 0d6e1c0a
                  resourceVersion: "42"
                  managedFields: [{manager: kubectl}]
                spec:
                  static: {hosts: [{addr: 10.0.0.1, port: 80}]}
                status:
                  state: 1
                """);

        assertThat(upstream.meta())
                .isEqualTo(new ObjectMeta(
                        "local",
                        "gloo-system",
                        "blue",
                        Map.of("team", "blue", "app", "color"),
                        7,
                        "2024-01-02T03:04:05Z"));
    }

    @Test
    void namespaceDefaultsToDefault() {
        Upstream upstream = (Upstream) assertAccepted("""
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                  name: blue
                spec:
                  kube: {serviceName: blue, servicePort: 80}
                """);

        assertThat(upstream.key()).isEqualTo(new ResourceKey(Kind.UPSTREAM, "local", "default", "blue"));
        assertThat(upstream.kube().serviceNamespace()).isEqualTo("default");
    }

    @Test
    void clusterRegistrationIsClusterScoped() {
        ClusterRegistration cluster = (ClusterRegistration) assertAccepted("""
                apiVersion: spillway.dev/v1
                kind: Cluster
                metadata:
                  name: remote
                  namespace: ignored
                """);

        assertThat(cluster.key()).isEqualTo(new ResourceKey(Kind.CLUSTER, "local", "", "remote"));
    }

    @Test
    void unknownFieldsAreOneSortedWarning() {
        Upstream upstream = (Upstream) assertAcceptedWithWarnings(
                """
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                  name: blue
                  namespace: gloo-system
                spec:
                  kube:
                    serviceName: blue
                    servicePort: 80
                    bar: 1
                  foo: true
                """, "Upstream gloo-system/blue: unknown fields ignored: spec.foo, spec.kube.bar");

        assertThat(upstream.kube().serviceName()).isEqualTo("blue");
    }

    @Test
    void unknownFieldsInListItemsNameTheirIndex() {
        assertAcceptedWithWarnings(
                """
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                  name: blue
                  namespace: gloo-system
                spec:
                  static:
                    hosts:
                    - {addr: 10.0.0.1, port: 80}
                    - {addr: 10.0.0.2, port: 80, weight: 2}
                extra: 1
                """, "Upstream gloo-system/blue: unknown fields ignored: extra, spec.static.hosts[1].weight");
    }

    @Test
    void fieldSpillwayDoesNotImplementYetIsAWarning() {
        assertAcceptedWithWarnings(
                """
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                  name: blue
                  namespace: gloo-system
                spec:
                  kube: {serviceName: blue, servicePort: 80}
                  respectDnsTtl: true
                """, "Upstream gloo-system/blue: spec.respectDnsTtl is not supported by Spillway yet and was ignored");
    }

    @Test
    void unsupportedFieldsSetToFalseOrEmptyAreSilent() {
        assertAccepted("""
                apiVersion: gateway.solo.io/v1
                kind: Gateway
                metadata:
                  name: gateway-proxy
                  namespace: gloo-system
                spec:
                  bindAddress: "::"
                  bindPort: 8080
                  httpGateway: {}
                  proxyNames: [gateway-proxy]
                  ssl: false
                  useProxyProto: false
                  options: {}
                """);
    }

    @Test
    void errorsAndWarningsOfOneResourceAreAllReported() {
        assertRejected(
                """
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                  name: blue
                  namespace: gloo-system
                spec:
                  kube: {serviceName: blue, servicePort: 0, color: blue}
                  respectDnsTtl: true
                """,
                "Upstream gloo-system/blue: spec.kube.servicePort 0 is outside 1..65535",
                "Upstream gloo-system/blue: spec.respectDnsTtl is not supported by Spillway yet and was ignored",
                "Upstream gloo-system/blue: unknown fields ignored: spec.kube.color");
    }
}
