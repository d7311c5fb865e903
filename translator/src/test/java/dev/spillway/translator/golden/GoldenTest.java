package dev.spillway.translator.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.StatusLines;
import dev.spillway.server.source.file.ConfigDirectory;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import dev.spillway.translator.tls.GoldenMaterial;
import dev.spillway.translator.xds.EnvoyJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files in two stages: {@code statuses.txt} and {@code resolved.json} hold the resolve stage,
 * {@code xds/<cluster>_<proxy>.json} the Envoy resources per proxy group. {@code make golden} rewrites them.
 */
class GoldenTest {
    static final Path ROOT = Path.of("src/test/resources/golden");

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesItsGoldenFiles() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream()
                    .map(dir -> dynamicTest(dir.getFileName().toString(), () -> check(dir)));
        }
    }

    private static void check(Path caseDir) {
        Inventory inventory = read(caseDir.resolve("input"));
        Translation translation = Translator.translate(inventory);
        Map<String, String> produced = render(translation);
        assertThat(render(Translator.translate(read(caseDir.resolve("input")))))
                .as("translation is deterministic")
                .isEqualTo(produced);
        translation
                .groups()
                .forEach((group, xds) -> assertThat(xds.problems())
                        .as("Envoy field-rule violations in %s", group)
                        .isEmpty());
        GoldenFiles.verify(caseDir.resolve("output"), produced);
    }

    /** A golden input as the translator sees it: its clearly fake PEM bodies made real (GoldenMaterial). */
    static Inventory read(Path input) {
        return GoldenMaterial.realize(ConfigDirectory.read(input));
    }

    static Map<String, String> render(Translation translation) {
        Map<String, String> files = new TreeMap<>();
        files.put("statuses.txt", StatusLines.render(translation.statuses()));
        files.put("resolved.json", ModelJson.write(translation.resolution()));
        translation
                .groups()
                .forEach((group, xds) ->
                        files.put("xds/" + group.cluster() + "_" + group.proxy() + ".json", EnvoyJson.groupDump(xds)));
        return files;
    }
}
