package dev.spillway.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.status.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Arbitrary bytes as a config file: the codec decodes them or says, per document, where and why not. Nothing is
 * thrown, and a valid document after them still decodes. {@code make fuzz} runs it coverage-guided; {@code make
 * test} over the inputs in {@code YamlCodecFuzzTestInputs/}.
 */
class YamlCodecFuzzTest {

    /** {@code line L, column C: <why>}, as the file source and the status page show a parse error. */
    private static final Pattern LOCATED = Pattern.compile("line [1-9][0-9]*, column [1-9][0-9]*: .*", Pattern.DOTALL);

    // libFuzzer dictionary syntax: \xNN escapes, no \n
    // make fuzz sets the time (FUZZ_TIME); the dictionary holds YAML and Gloo tokens the mutator splices in
    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "YamlCodecFuzzTest.dict")
    void decodesOrSaysWhereAndWhy(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        DecodedFile file = ResourceDecoder.decode("local", "fuzz.yaml", text + "\n---\n" + Decoding.NEIGHBOUR);

        assertThat(file.fileProblem()).isNull();
        List<Decoded> documents = file.documents();
        assertThat(documents).isNotEmpty();
        for (Decoded document : documents) {
            checkReported(document);
        }
        // One broken document never costs the others of its file.
        Decoded last = documents.get(documents.size() - 1);
        assertThat(last.problems()).isEmpty();
        assertThat(last.resource()).isInstanceOf(Upstream.class);
        assertThat(last.key().name()).isEqualTo("neighbour");

        // The text alone: still nothing thrown, and a file-level fault is located too.
        DecodedFile alone = ResourceDecoder.decode("local", "fuzz.yaml", text);
        if (alone.fileProblem() != null) {
            assertThat(alone.fileProblem().message()).matches(LOCATED);
        }
        alone.documents().forEach(YamlCodecFuzzTest::checkReported);
    }

    /** A document yields its resource, or problems that say why not; a document that is not YAML says where. */
    private static void checkReported(Decoded document) {
        boolean hasError = document.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
        for (Problem p : document.problems()) {
            assertThat(p.message()).as("problem of %s", document.key()).isNotBlank();
        }
        if (document.key().kind() == Kind.FILE) {
            assertThat(document.resource()).isNull();
            assertThat(document.problems()).isNotEmpty();
            document.problems().stream()
                    .filter(p -> p.severity() == Problem.Severity.ERROR
                            && !p.message().startsWith("document "))
                    .forEach(p -> assertThat(p.message()).matches(LOCATED));
        } else {
            assertThat(document.rejected())
                    .as("rejected exactly when %s has an error: %s", document.key(), document.problems())
                    .isEqualTo(hasError);
        }
    }
}
