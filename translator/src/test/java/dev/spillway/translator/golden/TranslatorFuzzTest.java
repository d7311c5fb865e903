package dev.spillway.translator.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.MessageOrBuilder;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.server.source.file.ConfigDirectory;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import dev.spillway.translator.tls.GoldenMaterial;
import dev.spillway.translator.xds.EnvoyJson;
import dev.spillway.translator.xds.EnvoyTypes;
import dev.spillway.translator.xds.XdsProblem;
import dev.spillway.translator.xds.pgv.PgvChecker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * Golden inputs mutated field by field (a value replaced, a line dropped, doubled or inserted, a name swapped for
 * another, a file dropped or copied to another cluster), read as {@code spillway serve} reads a config directory
 * and translated. Translation never throws, is deterministic, publishes only resources that pass Envoy's field and
 * acceptance rules, and every resource it withheld for breaking one is reported on its source's status.
 */
class TranslatorFuzzTest {
    /** Seed configurations: each a golden case's input directory. */
    private static final List<String> CASES = List.of(
            "guide-failover",
            "failover-three-clusters",
            "failover-threshold",
            "https-gateway",
            "health-check-fields",
            "load-balancer-and-connection",
            "gateway-http-options",
            "outlier-detection-fields",
            "proxyless-grpc",
            "reject-vs-route-options");

    private static final List<String> VALUES = List.of(
            "0",
            "-1",
            "1",
            "65535",
            "65536",
            "4294967296",
            "9223372036854775808",
            "1e309",
            "0.5",
            "\"\"",
            "null",
            "true",
            "[]",
            "{}",
            "0s",
            "1ms",
            "-1s",
            "1000000000s",
            "315576000001s",
            "10.0.0.1",
            "::1",
            "[::1]:80",
            "0.0.0.0",
            "256.0.0.1",
            "localhost",
            "\"*\"",
            "\"*.example.com\"",
            "\"/\"",
            "\"\\\\\"",
            "\"a b\"",
            "\"\\u0000\"",
            "gloo-system",
            "default",
            "local",
            "remote",
            "blue",
            "green",
            "TLSv1_3",
            "TLSv1_0",
            "http",
            "https",
            "GET",
            "\"x\\ny\"");

    private static final PgvChecker PGV = new PgvChecker(EnvoyTypes.registry());
    private static final List<Map<String, List<String>>> SEEDS = CASES.stream()
            .map(c -> read(GoldenTest.ROOT.resolve(c).resolve("input")))
            .toList();

    @FuzzTest(maxDuration = "10m")
    void translatesMutatedConfigs(FuzzedDataProvider data) throws IOException {
        Map<String, List<String>> files = copy(SEEDS.get(data.consumeInt(0, SEEDS.size() - 1)));
        int edits = data.consumeInt(1, 8);
        for (int i = 0; i < edits && !files.isEmpty() && data.remainingBytes() > 0; i++) {
            mutate(files, data);
        }
        Path dir = Files.createTempDirectory("spillway-fuzz");
        try {
            write(dir, files);
            Translation translation = Translator.translate(ConfigDirectory.read(dir));
            check(translation);
            assertThat(render(Translator.translate(ConfigDirectory.read(dir))))
                    .as("translation is deterministic")
                    .isEqualTo(render(translation));
        } finally {
            delete(dir);
        }
    }

    private static void check(Translation translation) {
        translation.groups().forEach((group, xds) -> {
            List<String> broken = new ArrayList<>(GoldenAcceptanceTest.violations(xds));
            Stream.of(xds.clusters(), xds.endpoints(), xds.listeners(), xds.routes(), xds.secrets())
                    .flatMap(List::stream)
                    .forEach(r -> PGV.check((MessageOrBuilder) r)
                            .forEach(v -> broken.add(name(r) + ": " + v.path() + " " + v.message())));
            assertThat(broken)
                    .as("published to %s but Envoy would reject", group)
                    .isEmpty();
            for (XdsProblem p : xds.problems()) {
                reportedOnStatus(translation, group, p);
            }
        });
    }

    /** A resource withheld for breaking Envoy's rules says so on the status of what it was translated from. */
    private static void reportedOnStatus(Translation translation, ProxyGroup group, XdsProblem p) {
        if (p.source() == null) {
            return; // a secret shared by resources: no one source to report on
        }
        ResourceStatus status = translation.statuses().get(p.source());
        assertThat(status)
                .as("status of %s, withheld from %s: %s", p.source(), group, p)
                .isNotNull();
        assertThat(status.problems())
                .as("status of %s, withheld from %s", p.source(), group)
                .anyMatch(s -> s.severity() == Problem.Severity.ERROR
                        && s.message().startsWith("Envoy would reject " + p.resourceName() + ": "));
    }

    private static void mutate(Map<String, List<String>> files, FuzzedDataProvider data) {
        List<String> paths = new ArrayList<>(files.keySet());
        String path = paths.get(data.consumeInt(0, paths.size() - 1));
        List<String> lines = files.get(path);
        int op = data.consumeInt(0, 6);
        if (lines.isEmpty() || op == 6) {
            // Drop the file, or copy it to another cluster (as its own file).
            List<String> clusters = paths.stream()
                    .map(p -> p.substring(0, p.indexOf('/')))
                    .distinct()
                    .toList();
            String to = clusters.get(data.consumeInt(0, clusters.size() - 1));
            List<String> removed = files.remove(path);
            if (data.consumeBoolean()) {
                files.put(to + "/copy-" + path.replace('/', '-'), removed);
                files.put(path, removed);
            }
            return;
        }
        int at = data.consumeInt(0, lines.size() - 1);
        String line = lines.get(at);
        switch (op) {
            case 0 -> { // a value replaced
                int colon = line.indexOf(": ");
                String head = colon < 0 ? line.replaceAll("\\S.*$", "") + "- " : line.substring(0, colon + 2);
                lines.set(at, head + value(data));
            }
            case 1 -> lines.remove(at);
            case 2 -> lines.add(at, line);
            case 3 -> { // a line of fuzzed text at the same indentation
                String indent = line.replaceAll("\\S.*$", "");
                lines.add(at, indent + data.consumeAsciiString(60).replace('\n', ' '));
            }
            case 4 -> { // one word replaced by another of the same file: a name swapped, a reference redirected
                String[] words = String.join(" ", lines).split("[\\s:,\\[\\]{}\"']+");
                String word = words[data.consumeInt(0, words.length - 1)];
                if (word.length() > 1) {
                    lines.set(at, line.replace(word, words[data.consumeInt(0, words.length - 1)]));
                }
            }
            default ->
                lines.set(at, line.replaceFirst("^(\\s*)(- )?", "$1$2" + Matcher.quoteReplacement(value(data) + ": ")));
        }
    }

    private static String value(FuzzedDataProvider data) {
        return data.consumeBoolean() ? VALUES.get(data.consumeInt(0, VALUES.size() - 1)) : data.consumeAsciiString(24);
    }

    private static String render(Translation translation) {
        StringBuilder out = new StringBuilder();
        translation
                .groups()
                .forEach((group, xds) -> out.append(group).append('\n').append(EnvoyJson.groupDump(xds)));
        translation
                .statuses()
                .forEach((key, status) ->
                        out.append(key).append(' ').append(status).append('\n'));
        return out.toString();
    }

    private static String name(Object resource) {
        return resource.getClass().getSimpleName();
    }

    /** {@code cluster/file} to lines, in name order. */
    private static Map<String, List<String>> read(Path input) {
        Map<String, List<String>> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(input)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(
                        input.relativize(file).toString().replace('\\', '/'),
                        GoldenMaterial.realize(Files.readString(file, StandardCharsets.UTF_8))
                                .lines()
                                .toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> files) {
        Map<String, List<String>> out = new TreeMap<>();
        files.forEach((path, lines) -> out.put(path, new ArrayList<>(lines)));
        return out;
    }

    private static void write(Path dir, Map<String, List<String>> files) throws IOException {
        for (Map.Entry<String, List<String>> f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, f.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
