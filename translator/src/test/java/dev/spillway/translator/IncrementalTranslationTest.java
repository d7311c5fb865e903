package dev.spillway.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.HealthCheck;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ServiceEndpoints;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import dev.spillway.api.source.Inventory;
import dev.spillway.server.source.file.ConfigDirectory;
import dev.spillway.translator.bench.TranslateBenchmark;
import dev.spillway.translator.edits.RecordEdits;
import dev.spillway.translator.tls.GoldenMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Translating edit after edit from the previous translation gives what translating the final state does. */
class IncrementalTranslationTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void anEndpointChangeReTranslatesOnlyItsCluster() {
        Inventory inventory = TranslateBenchmark.scenario(50);
        IncrementalTranslator translator = new IncrementalTranslator();
        Translation first = translator.translate(inventory);

        Inventory moved = TranslateBenchmark.withMovedHost(inventory, "svc-7");
        Translation next = translator.translate(moved);

        assertThat(translator.confinedTranslations()).isEqualTo(1);
        assertSameAsFull(next, moved);
        var before = first.groups().values().iterator().next();
        var after = next.groups().values().iterator().next();
        assertThat(after.listeners().get(0)).isSameAs(before.listeners().get(0));
        assertThat(after.routes().get(0)).isSameAs(before.routes().get(0));
        for (int i = 0; i < after.clusters().size(); i++) {
            assertThat(after.clusters().get(i))
                    .as("an endpoint change leaves every cluster the same instance")
                    .isSameAs(before.clusters().get(i));
        }
        long changedAssignments = java.util.stream.IntStream.range(
                        0, after.endpoints().size())
                .filter(i -> after.endpoints().get(i) != before.endpoints().get(i))
                .count();
        assertThat(changedAssignments).isEqualTo(1);
    }

    @Test
    void anUpstreamEditReTranslatesOnlyItsCluster() {
        Inventory inventory = TranslateBenchmark.scenario(50);
        IncrementalTranslator translator = new IncrementalTranslator();
        translator.translate(inventory);

        Inventory edited = TranslateBenchmark.withHealthCheckInterval(inventory, "svc-7", Duration.ofSeconds(9));
        Translation next = translator.translate(edited);

        assertThat(translator.confinedTranslations()).isEqualTo(1);
        assertSameAsFull(next, edited);
    }

    @Test
    void aChangeToAFailoverPrimaryIsTranslatedInFull() {
        Inventory inventory = TranslateBenchmark.scenario(50);
        IncrementalTranslator translator = new IncrementalTranslator();
        translator.translate(inventory);

        Inventory moved = TranslateBenchmark.withMovedHost(inventory, "svc-10");
        Translation next = translator.translate(moved);

        assertThat(translator.confinedTranslations()).isZero();
        assertSameAsFull(next, moved);
    }

    @Test
    void aFailoverGatewayGivenANewIngressIsTranslatedInFull() throws IOException {
        Inventory inventory = GoldenMaterial.realize(ConfigDirectory.read(GOLDEN.resolve("failover-threshold/input")));
        IncrementalTranslator translator = new IncrementalTranslator();
        translator.translate(inventory);
        assertThat(inventory.gatewayAddress("remote").address()).isEqualTo(new HostPort("34.1.2.3", 15443));

        List<Inventory.Entry> entries = new ArrayList<>();
        for (Inventory.Entry e : inventory.entries().values()) {
            entries.add(
                    e.resource() instanceof KubeService s && s.meta().name().equals("failover")
                            ? new Inventory.Entry(
                                    e.key(),
                                    new KubeService(s.meta(), s.type(), s.selector(), s.ports(), List.of("34.9.9.9")),
                                    e.status(),
                                    e.origin())
                            : e);
        }
        Inventory moved = Inventory.of(entries);
        Translation next = translator.translate(moved);

        assertThat(moved.gatewayAddress("remote").address()).isEqualTo(new HostPort("34.9.9.9", 15443));
        assertThat(translator.confinedTranslations()).isZero();
        assertSameAsFull(next, moved);
        assertThat(next.groups().toString()).contains("34.9.9.9").doesNotContain("34.1.2.3");
    }

    @Test
    void manyRandomEditsOfAGeneratedConfiguration() {
        Inventory inventory = TranslateBenchmark.scenario(120);
        IncrementalTranslator translator = new IncrementalTranslator();
        translator.translate(inventory);
        Random random = new Random(12);
        for (int i = 0; i < 300; i++) {
            inventory = randomEdit(inventory, random);
            assertSameAsFull(translator.translate(inventory), inventory);
        }
        assertThat(translator.confinedTranslations())
                .as("most edits are confined")
                .isGreaterThan(150);
    }

    @TestFactory
    Stream<DynamicTest> randomEditsOfEveryGoldenCase() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream()
                    .map(dir -> dynamicTest(dir.getFileName().toString(), () -> {
                        Inventory inventory = GoldenMaterial.realize(ConfigDirectory.read(dir.resolve("input")));
                        IncrementalTranslator translator = new IncrementalTranslator();
                        translator.translate(inventory);
                        Random random = new Random(dir.getFileName().toString().hashCode());
                        for (int i = 0; i < 40; i++) {
                            inventory = randomEdit(inventory, random);
                            assertSameAsFull(translator.translate(inventory), inventory);
                        }
                    }));
        }
    }

    private static void assertSameAsFull(Translation incremental, Inventory inventory) {
        Translation full = Translator.translate(inventory);
        assertThat(incremental.statuses()).isEqualTo(full.statuses());
        assertThat(incremental.resolution()).isEqualTo(full.resolution());
        assertThat(incremental.groups()).isEqualTo(full.groups());
    }

    /** One resource of the inventory edited the way users and sources change them. */
    static Inventory randomEdit(Inventory inventory, Random random) {
        List<Inventory.Entry> entries = new ArrayList<>(inventory.entries().values());
        List<Integer> editable = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Resource r = entries.get(i).resource();
            if (r instanceof Upstream
                    || r instanceof ServiceEndpoints
                    || r instanceof ClusterRegistration
                    || r instanceof VirtualService) {
                editable.add(i);
            }
        }
        if (editable.isEmpty()) {
            return inventory;
        }
        int index = editable.get(random.nextInt(editable.size()));
        Inventory.Entry entry = entries.get(index);
        Resource edited = edit(entry.resource(), random);
        if (edited == null) {
            entries.remove(index);
        } else {
            entries.set(index, new Inventory.Entry(entry.key(), edited, entry.status(), entry.origin()));
        }
        return Inventory.of(entries);
    }

    private static Resource edit(Resource resource, Random random) {
        if (random.nextInt(40) == 0) {
            return null;
        }
        if (resource instanceof Upstream u) {
            return editUpstream(u, random);
        }
        if (resource instanceof ServiceEndpoints e) {
            List<ServiceEndpoints.Subset> subsets = e.subsets().stream()
                    .map(s -> RecordEdits.with(s, "addresses", addresses(random)))
                    .toList();
            return RecordEdits.with(e, "subsets", subsets);
        }
        if (resource instanceof ClusterRegistration c && c.failoverAddress() != null) {
            return RecordEdits.with(
                    c,
                    "failoverAddress",
                    new HostPort(ip(random), c.failoverAddress().port()));
        }
        if (resource instanceof VirtualService vs && vs.routes().size() > 1) {
            return RecordEdits.with(
                    vs, "routes", vs.routes().subList(1, vs.routes().size()));
        }
        return resource;
    }

    private static Upstream editUpstream(Upstream u, Random random) {
        switch (random.nextInt(6)) {
            case 0, 1, 2 -> {
                if (u.statics() != null) {
                    List<HostPort> hosts = new ArrayList<>(u.statics().hosts());
                    int i = random.nextInt(hosts.size());
                    String address = random.nextInt(8) == 0 ? "host-" + random.nextInt(3) + ".example.com" : ip(random);
                    hosts.set(i, new HostPort(address, hosts.get(i).port()));
                    return RecordEdits.with(u, "statics", RecordEdits.with(u.statics(), "hosts", hosts));
                }
                return u;
            }
            case 3 -> {
                if (u.healthChecks().isEmpty()) {
                    return u;
                }
                HealthCheck c = u.healthChecks().get(0);
                HealthCheck edited = RecordEdits.with(c, "interval", Duration.ofSeconds(1 + random.nextInt(5)));
                List<HealthCheck> checks = new ArrayList<>(u.healthChecks());
                checks.set(0, edited);
                return RecordEdits.with(u, "healthChecks", checks);
            }
            case 4 -> {
                return RecordEdits.with(u, "connectTimeout", Duration.ofMillis(100 + random.nextInt(5000)));
            }
            default -> {
                return RecordEdits.with(u, "useHttp2", !u.useHttp2());
            }
        }
    }

    private static List<String> addresses(Random random) {
        List<String> addresses = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            addresses.add(ip(random));
        }
        return addresses;
    }

    private static String ip(Random random) {
        return "10." + random.nextInt(4) + "." + random.nextInt(4) + "." + (1 + random.nextInt(4));
    }
}
