package dev.spillway.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The build of a kustomization as {@code kubectl apply -k} sees it, for the subset of kustomize the
 * manifests use: {@code resources} (files and kustomization directories), {@code components}
 * (directories of {@code kind: Component} whose resources join the build), {@code configMapGenerator}
 * (files and literals, {@code behavior: create|replace|merge}) and {@code images}. Anything else fails
 * the test, so a new kustomize feature in deploy/ is noticed here. No cluster, no kustomize binary.
 *
 * @param root       the kustomization directory
 * @param objects    every object of every resource file, in order
 * @param configMaps the generated ConfigMaps by {@code namespace/name}
 * @param files      every file the build reads (resources, generator sources, kustomization files)
 */
record Kustomization(Path root, List<Loaded> objects, Map<String, GeneratedConfigMap> configMaps, Set<Path> files) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final KubernetesSerialization KUBE = new KubernetesSerialization();
    private static final Set<String> KNOWN_FIELDS =
            Set.of("apiVersion", "kind", "resources", "configMapGenerator", "images", "components");

    /**
     * One object and the file it came from.
     *
     * @param object the object, typed where fabric8 knows its kind
     * @param file   its file
     */
    record Loaded(HasMetadata object, Path file) {
        String kind() {
            return object.getKind();
        }

        String name() {
            return object.getMetadata().getName();
        }

        String namespace() {
            String ns = object.getMetadata().getNamespace();
            return ns == null ? "" : ns;
        }

        @Override
        public String toString() {
            return kind() + " " + (namespace().isEmpty() ? "" : namespace() + "/") + name() + " (" + file + ")";
        }
    }

    /**
     * A ConfigMap made by {@code configMapGenerator}.
     *
     * @param namespace its namespace
     * @param name      its name before kustomize adds the content hash
     * @param data      key to content
     */
    record GeneratedConfigMap(String namespace, String name, Map<String, String> data) {}

    /** Builds the kustomization in {@code dir}. */
    static Kustomization build(Path dir) {
        List<Loaded> objects = new ArrayList<>();
        Map<String, GeneratedConfigMap> configMaps = new LinkedHashMap<>();
        Set<Path> files = new LinkedHashSet<>();
        accumulate(dir.normalize(), objects, configMaps, files);
        return new Kustomization(dir, List.copyOf(objects), Map.copyOf(configMaps), Set.copyOf(files));
    }

    /** The objects of one kind. */
    List<Loaded> ofKind(String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind)).toList();
    }

    /** The one object of a kind, namespace and name. */
    Loaded get(String kind, String namespace, String name) {
        List<Loaded> found = objects.stream()
                .filter(o -> o.kind().equals(kind)
                        && o.namespace().equals(namespace)
                        && o.name().equals(name))
                .toList();
        assertThat(found).as("%s %s/%s in %s", kind, namespace, name, root).hasSize(1);
        return found.get(0);
    }

    private static void accumulate(
            Path dir, List<Loaded> objects, Map<String, GeneratedConfigMap> configMaps, Set<Path> files) {
        accumulate(dir, objects, configMaps, files, false);
    }

    private static void accumulate(
            Path dir,
            List<Loaded> objects,
            Map<String, GeneratedConfigMap> configMaps,
            Set<Path> files,
            boolean component) {
        Path file = dir.resolve("kustomization.yaml");
        assertThat(file).as("kustomization of %s", dir).isRegularFile();
        files.add(file);
        JsonNode k = readYaml(file);
        k.fieldNames()
                .forEachRemaining(f ->
                        assertThat(KNOWN_FIELDS).as("field %s of %s", f, file).contains(f));
        assertThat(k.path("apiVersion").asText())
                .as("apiVersion of %s", file)
                .isEqualTo(component ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1");
        assertThat(k.path("kind").asText()).as("kind of %s", file).isEqualTo(component ? "Component" : "Kustomization");
        for (JsonNode resource : k.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                accumulate(path, objects, configMaps, files);
            } else {
                assertThat(path)
                        .as("resource %s of %s", resource.asText(), file)
                        .isRegularFile();
                assertThat(path.startsWith(dir))
                        .as("%s: kustomize reads no file outside its root: %s", file, path)
                        .isTrue();
                files.add(path);
                load(path).forEach(o -> objects.add(new Loaded(o, path)));
            }
        }
        for (JsonNode c : k.path("components")) {
            Path path = dir.resolve(c.asText()).normalize();
            assertThat(path).as("component %s of %s", c.asText(), file).isDirectory();
            accumulate(path, objects, configMaps, files, true);
        }
        for (JsonNode generator : k.path("configMapGenerator")) {
            GeneratedConfigMap generated = generate(dir, file, generator, files);
            String key = generated.namespace() + "/" + generated.name();
            String behavior = generator.path("behavior").asText("create");
            switch (behavior) {
                case "create" ->
                    assertThat(configMaps)
                            .as("%s: ConfigMap %s generated twice", file, key)
                            .doesNotContainKey(key);
                case "replace", "merge" ->
                    assertThat(configMaps)
                            .as("%s: %s of a ConfigMap %s no base generates", file, behavior, key)
                            .containsKey(key);
                default -> fail(file + ": unknown behavior " + behavior);
            }
            if (behavior.equals("merge")) {
                Map<String, String> data =
                        new LinkedHashMap<>(configMaps.get(key).data());
                data.putAll(generated.data());
                generated = new GeneratedConfigMap(generated.namespace(), generated.name(), data);
            }
            configMaps.put(key, generated);
        }
    }

    private static GeneratedConfigMap generate(Path dir, Path kustomization, JsonNode generator, Set<Path> files) {
        String name = generator.path("name").asText();
        assertThat(name).as("configMapGenerator name in %s", kustomization).isNotEmpty();
        Map<String, String> data = new LinkedHashMap<>();
        for (JsonNode entry : generator.path("files")) {
            String spec = entry.asText();
            int eq = spec.indexOf('=');
            String key = eq < 0 ? Path.of(spec).getFileName().toString() : spec.substring(0, eq);
            Path source = dir.resolve(eq < 0 ? spec : spec.substring(eq + 1)).normalize();
            assertThat(source)
                    .as("file %s of ConfigMap %s in %s", spec, name, kustomization)
                    .isRegularFile();
            assertThat(source.startsWith(dir))
                    .as("%s: kustomize reads no file outside its root: %s", kustomization, source)
                    .isTrue();
            files.add(source);
            data.put(key, read(source));
        }
        for (JsonNode literal : generator.path("literals")) {
            String[] kv = literal.asText().split("=", 2);
            assertThat(kv)
                    .as("literal %s of ConfigMap %s in %s", literal, name, kustomization)
                    .hasSize(2);
            data.put(kv[0], kv[1]);
        }
        return new GeneratedConfigMap(generator.path("namespace").asText(""), name, data);
    }

    /** Every object of a manifest file, typed by fabric8 where it knows the kind. */
    static List<HasMetadata> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = KUBE.unmarshal(in);
            List<HasMetadata> out = new ArrayList<>();
            if (parsed instanceof List<?> list) {
                for (Object o : list) {
                    out.add(asObject(file, o));
                }
            } else {
                out.add(asObject(file, parsed));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HasMetadata asObject(Path file, Object o) {
        assertThat(o).as("a Kubernetes object in %s", file).isInstanceOf(HasMetadata.class);
        HasMetadata object = (HasMetadata) o;
        assertThat(object.getApiVersion()).as("apiVersion in %s", file).isNotBlank();
        assertThat(object.getKind()).as("kind in %s", file).isNotBlank();
        assertThat(object.getMetadata().getName())
                .as("metadata.name of a %s in %s", object.getKind(), file)
                .isNotBlank();
        return object;
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
