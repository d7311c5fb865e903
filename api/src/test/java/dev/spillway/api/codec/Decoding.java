package dev.spillway.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Resource;
import dev.spillway.api.status.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Decoding helpers shared by the codec tests. */
final class Decoding {

    static final String CLUSTER = "local";
    static final String FILE = "test.yaml";

    /** A valid document decoded before and after every bad one: a fault must never spill over to it. */
    static final String NEIGHBOUR = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata:
              name: neighbour
              namespace: gloo-system
            spec:
              static:
                hosts:
                - addr: 10.0.0.9
                  port: 8080
            """;

    private Decoding() {}

    static DecodedFile decodeFile(String text) {
        return ResourceDecoder.decode(CLUSTER, FILE, text);
    }

    /** Decodes a file of exactly one document of a known kind. */
    static Decoded decodeOne(String document) {
        DecodedFile file = decodeFile(document);
        assertThat(file.fileProblem()).isNull();
        assertThat(file.documents()).hasSize(1);
        return file.documents().get(0);
    }

    /**
     * Decodes {@code document} between two copies of {@link #NEIGHBOUR} in one file, checks that the
     * neighbours are accepted without any problem, and returns the document's result.
     */
    static Decoded decodeBetweenNeighbours(String document) {
        String text = document.endsWith("\n") ? document : document + "\n";
        DecodedFile file = decodeFile(NEIGHBOUR + "---\n" + text + "---\n" + NEIGHBOUR);
        assertThat(file.fileProblem()).isNull();
        assertThat(file.documents()).hasSize(3);
        for (Decoded neighbour :
                List.of(file.documents().get(0), file.documents().get(2))) {
            assertThat(neighbour.rejected()).isFalse();
            assertThat(neighbour.problems()).isEmpty();
        }
        return file.documents().get(1);
    }

    /** Asserts that the document is rejected with exactly these problems, and nothing else in its file is. */
    static void assertRejected(String document, String... problemTexts) {
        Decoded decoded = decodeBetweenNeighbours(document);
        assertThat(texts(decoded)).containsExactly(problemTexts);
        assertThat(decoded.rejected()).isTrue();
    }

    /** Asserts that the document is accepted with exactly these warnings, and returns its resource. */
    static Resource assertAcceptedWithWarnings(String document, String... problemTexts) {
        Decoded decoded = decodeBetweenNeighbours(document);
        assertThat(texts(decoded)).containsExactly(problemTexts);
        assertThat(decoded.rejected()).isFalse();
        return decoded.resource();
    }

    /** Asserts that the document is accepted without any problem, and returns its resource. */
    static Resource assertAccepted(String document) {
        return assertAcceptedWithWarnings(document);
    }

    static List<String> texts(Decoded decoded) {
        return decoded.problems().stream().map(Problem::text).toList();
    }

    /** A test resource as text ({@code guide/blue.yaml}). */
    static String resource(String path) {
        try (InputStream in = Decoding.class.getResourceAsStream("/" + path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
