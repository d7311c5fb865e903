package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.decodeFile;
import static dev.spillway.api.codec.Decoding.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.Upstream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** YAML as YAML defines it (anchors, aliases, merge keys), and limits that fail fast with a reason. */
class HostileYamlTest {

    private static final String TWO_HOSTS = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: blue, namespace: gloo-system}
            spec:
              static:
                hosts:
                - addr: &ip 127.0.0.1
                  port: 8080
                - addr: *ip
                  port: 8081
            """;

    @Test
    void anAliasReadsAsTheValueItNames() {
        Upstream blue = (Upstream) decodeFile(TWO_HOSTS).documents().get(0).resource();

        assertThat(blue.statics().hosts())
                .containsExactly(new HostPort("127.0.0.1", 8080), new HostPort("127.0.0.1", 8081));
    }

    @Test
    void anUndefinedAliasIsAnErrorWithLineAndColumn() {
        DecodedFile file = decodeFile(TWO_HOSTS.replace("&ip ", ""));

        assertThat(texts(file.documents().get(0)))
                .containsExactly("File local/test.yaml: line 9, column 13: found undefined alias ip");
    }

    @Test
    void documentEndMarkersOnLinesEndedByACarriageReturnAreOneDocumentEach() {
        // Lines ended by a lone CR: the document end marker's line runs to the next CR, not to a far "\n".
        String text = "apiVersion: gloo.solo.io/v1\rkind: Upstream\rmetadata: {name: blue, namespace: gloo-system}\r"
                + "spec: {static: {hosts: [{addr: 127.0.0.1, port: 8080}]}}\r...\r"
                + "apiVersion: gloo.solo.io/v1\rkind: Upstream\r...\rmetadata: {name: green}\n";

        DecodedFile file = decodeFile(text);

        assertThat(file.documents()).hasSize(3);
        assertThat(((Upstream) file.documents().get(0).resource()).statics().hosts())
                .containsExactly(new HostPort("127.0.0.1", 8080));
    }

    @Test
    void mergeKeysAddTheKeysTheMappingDoesNotHave() {
        Upstream blue = (Upstream) decodeFile("""
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata: {name: blue, namespace: gloo-system}
                spec:
                  static:
                    hosts:
                    - &base {addr: 10.0.0.1, port: 8080}
                    - <<: *base
                      port: 8081
                    - <<: [{addr: 10.0.0.3}, *base]
                """).documents().get(0).resource();

        assertThat(blue).as("merge keys are not fields").isNotNull();
        assertThat(blue.statics().hosts())
                .containsExactly(
                        new HostPort("10.0.0.1", 8080), new HostPort("10.0.0.1", 8081), new HostPort("10.0.0.3", 8080));
    }

    @Test
    void aQuotedMergeKeyIsAnOrdinaryKey() {
        DecodedFile file = decodeFile("""
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata: {name: blue, namespace: gloo-system}
                spec:
                  static:
                    hosts:
                    - {"<<": {addr: 10.0.0.1}, port: 8080}
                """);

        assertThat(file.documents().get(0).rejected()).isTrue();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aliasesThatMultiplyAreRefused() {
        StringBuilder text = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            text.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                text.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
            }
            text.append("]\n");
        }
        DecodedFile file = decodeFile(text.toString());

        assertThat(texts(file.documents().get(0)))
                .singleElement()
                .asString()
                .contains("aliases expand to more than 10000 nodes in one document");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aLongScalarIsRefusedWithAReason() {
        DecodedFile file =
                decodeFile("apiVersion: v1\nkind: Service\nmetadata:\n  name: " + "x".repeat(1_000_000) + "\n");

        assertThat(file.documents()).singleElement().satisfies(d -> {
            assertThat(d.key().kind()).isEqualTo(Kind.FILE);
            assertThat(texts(d))
                    .containsExactly(
                            "File local/test.yaml: line 4, column 1: " + "a line longer than 524288 characters");
        });
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aLongScalarOverManyLinesIsRefusedWithAReason() {
        String folded = ("x".repeat(99) + "\n    ").repeat(10_000);
        DecodedFile file = decodeFile("apiVersion: v1\nkind: Service\nmetadata:\n  name: " + folded + "\n");

        assertThat(texts(file.documents().get(0)))
                .containsExactly("File local/test.yaml: line 4, column 9: " + "a scalar longer than 524288 characters");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aHugeFileIsRefusedWithoutBeingParsed() {
        String document = Decoding.NEIGHBOUR + "---\n";
        DecodedFile file = decodeFile(document.repeat(YamlDocuments.MAX_FILE_CHARS / document.length() + 1));

        assertThat(file.documents()).isEmpty();
        assertThat(file.fileProblem().text()).contains("more than the 8388608 Spillway reads");
    }

    @Test
    void aLongJsonObjectOnOneLineIsRead() {
        String json = "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"big\", "
                + "\"labels\": {"
                + java.util.stream.IntStream.range(0, 60_000)
                        .mapToObj(i -> "\"k" + i + "\": \"v\", ")
                        .collect(java.util.stream.Collectors.joining())
                + "\"a\": \"b\"}}}";

        assertThat(decodeFile(json).documents())
                .singleElement()
                .satisfies(d -> assertThat(d.rejected()).isFalse());
    }

    @Test
    void deepNestingIsRefused() {
        DecodedFile file = decodeFile("a: " + "[".repeat(500) + "]".repeat(500) + "\n");

        assertThat(texts(file.documents().get(0))).singleElement().asString().contains("line 1, column");
    }

    @Test
    void documentsAfterABrokenOneAreKept() {
        DecodedFile file = decodeFile(
                Decoding.NEIGHBOUR + "---\n{broken\n---\n" + Decoding.NEIGHBOUR.replace("neighbour", "after"));

        List<String> names = file.documents().stream().map(d -> d.key().name()).toList();
        assertThat(names).containsExactly("neighbour", "test.yaml", "after");
    }
}
