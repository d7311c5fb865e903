package dev.spillway.server.cli.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spillway.api.codec.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One document of a config file replaced or added, every other byte kept. */
class ConfigFileTest {
    private static final Path FILE = Path.of("config/local/all.yaml");

    @Test
    void replacingADocumentKeepsTheOthersAndItsLeadingComments() {
        String text = """
                # file header
                ---
                # first
                a: 1
                ---   # second, with a comment on the separator
                # about b
                b: {x: 1}   # trailing comments inside a replaced document go
                ---
                c: 3
                """;
        ConfigFile file = ConfigFile.parse(FILE, text);

        ConfigFile edited = file.replace(1, Yaml.read("b: 2"));

        assertThat(file.documents()).hasSize(3);
        assertThat(edited.text()).isEqualTo("""
                # file header
                ---
                # first
                a: 1
                ---
                # about b
                b: 2
                ---
                c: 3
                """);
        assertThat(edited.documents().get(1)).isEqualTo(Yaml.read("b: 2"));
        assertThat(file.text()).isEqualTo(text);
    }

    @Test
    void appendingSeparatesDocumentsAndKeepsACommentOnlyFileAsAHeader() {
        assertThat(ConfigFile.parse(FILE, "a: 1").append(Yaml.read("b: 2")).text())
                .isEqualTo("a: 1\n---\nb: 2\n");
        assertThat(ConfigFile.parse(FILE, "# header\n")
                        .append(Yaml.read("b: 2"))
                        .text())
                .isEqualTo("# header\nb: 2\n");
        assertThat(ConfigFile.empty(FILE).append(Yaml.read("b: 2")).text()).isEqualTo("b: 2\n");
        assertThat(ConfigFile.parse(FILE, "---\na: 1\n")
                        .append(Yaml.read("b: 2"))
                        .documents())
                .hasSize(2);
    }

    @Test
    void aJsonFileStaysJsonAndHoldsOneDocument() {
        Path json = Path.of("config/local/vs.json");
        ConfigFile file = ConfigFile.parse(json, "{\"a\": 1}\n");

        assertThat(Yaml.read(file.replace(0, Yaml.read("{\"a\": 2}")).text())).isEqualTo(Yaml.read("{\"a\": 2}"));
        assertThat(file.replace(0, Yaml.read("{\"a\": 2}")).text()).startsWith("{");
        assertThatThrownBy(() -> file.append(Yaml.read("{kind: Secret, metadata: {name: s}}")))
                .isInstanceOf(EditException.class)
                .hasMessage("config/local/vs.json: a JSON file holds one document; cannot add Secret s to it");
    }

    @Test
    void notYamlIsReportedWithTheFileAndTheLine() {
        assertThatThrownBy(() -> ConfigFile.parse(FILE, "a: 1\n---\nb: 2\nc: [\n"))
                .isInstanceOf(EditException.class)
                .hasMessageStartingWith("config/local/all.yaml: is not valid YAML at line ");
    }

    @Test
    void writingIsAtomicAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("local/new.yaml");

        ConfigFile.empty(path).append(Yaml.read("a: 1")).write();
        ConfigFile.read(path).replace(0, Yaml.read("a: 2")).write();

        assertThat(Files.readString(path)).isEqualTo("a: 2\n");
        try (var files = Files.list(dir.resolve("local"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("new.yaml");
        }
    }
}
