package dev.spillway.translator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.ServiceEndpoints;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.source.DecodedEntries;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.api.status.State;
import dev.spillway.server.source.file.ConfigDirectory;
import dev.spillway.translator.edits.RecordEdits;
import dev.spillway.translator.tls.GoldenMaterial;
import dev.spillway.translator.tls.SecretMaterial;
import dev.spillway.translator.tls.TestCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * While serving, a TLS Secret replaced by one whose material Envoy would not load keeps its last good
 * version: what uses it keeps working, and the Secret says Rejected with the reason, last good version kept.
 */
class LastGoodSecretTest {
    private static final Path GUIDE = Path.of("src/test/resources/golden/guide-failover/input");
    private static final Instant NOT_BEFORE = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2124-01-01T00:00:00Z");

    @Test
    void aGarbageKeyKeepsTheLastGoodSecret() throws IOException {
        rotationKeepsTheLastGoodVersion(s -> new TlsSecret(
                s.meta(),
                s.certChain(),
                "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
                s.rootCa()));
    }

    @Test
    void theKeyOfAnotherPairKeepsTheLastGoodSecret() throws IOException {
        String otherKey = TestCertificates.selfSigned(
                        "other.example.com",
                        NOT_BEFORE,
                        NOT_AFTER,
                        List.of(),
                        TestCertificates.ec(),
                        TestCertificates.KeyForm.PKCS8)
                .keyPem();
        rotationKeepsTheLastGoodVersion(s -> new TlsSecret(s.meta(), s.certChain(), otherKey, s.rootCa()));
    }

    @Test
    void withoutAPreviousTranslationABadSecretIsRejected() throws IOException {
        Inventory guide = GoldenMaterial.realize(ConfigDirectory.read(GUIDE));
        ResourceKey key = secretKey(guide);
        Inventory bad = withSecret(guide, key, s -> new TlsSecret(s.meta(), s.certChain(), "garbage", s.rootCa()));

        Translation translation = new IncrementalTranslator().translate(bad);

        assertThat(translation.statuses().get(key).state()).isEqualTo(State.REJECTED);
        assertThat(translation.statuses().get(key).problems())
                .noneMatch(p -> p.message().endsWith(DecodedEntries.KEPT));
        assertThat(translation.inventory()).isEqualTo(bad);
    }

    private void rotationKeepsTheLastGoodVersion(UnaryOperator<TlsSecret> breaking) throws IOException {
        Inventory guide = GoldenMaterial.realize(ConfigDirectory.read(GUIDE));
        ResourceKey key = secretKey(guide);
        TlsSecret good = (TlsSecret) guide.entries().get(key).resource();
        IncrementalTranslator translator = new IncrementalTranslator();
        Translation first = translator.translate(guide);
        assertThat(first.statuses().get(key)).isEqualTo(ResourceStatus.ACCEPTED);

        Inventory bad = withSecret(guide, key, breaking);
        TlsSecret badSecret = (TlsSecret) bad.entries().get(key).resource();
        List<SecretMaterial.Fault> faults = SecretMaterial.check(badSecret).faults();
        assertThat(faults).isNotEmpty();
        assertThat(Translator.translate(bad).groups())
                .as("translated on its own, the bad Secret takes what uses it out")
                .isNotEqualTo(first.groups());

        Translation rotated = translator.translate(bad);

        assertKept(rotated, key, faults);
        assertThat(rotated.groups()).as("the same Envoy resources as before").isEqualTo(first.groups());
        assertOtherStatusesAre(rotated, first, key);
        assertThat(((TlsSecret) rotated.inventory().entries().get(key).resource()))
                .isEqualTo(good);
        assertSameAsFull(rotated);

        Inventory moved = withBlueEndpoint(bad, "10.0.1.9");
        Translation endpointMoved = translator.translate(moved);

        assertKept(endpointMoved, key, faults);
        assertThat(endpointMoved.groups().toString()).contains("10.0.1.9").doesNotContain("10.0.1.5");
        assertThat(secretsAndListeners(endpointMoved)).isEqualTo(secretsAndListeners(first));
        assertOtherStatusesAre(endpointMoved, first, key);
        assertSameAsFull(endpointMoved);

        TestCertificates.Pair rotatedPair = TestCertificates.selfSigned(
                "failover-upstream.example.com",
                NOT_BEFORE,
                NOT_AFTER,
                List.of(),
                TestCertificates.ec(),
                TestCertificates.KeyForm.PKCS8);
        Inventory fixed = withSecret(
                moved, key, s -> new TlsSecret(s.meta(), rotatedPair.certPem(), rotatedPair.keyPem(), s.rootCa()));
        Translation served = translator.translate(fixed);

        assertThat(served.statuses().get(key)).isEqualTo(ResourceStatus.ACCEPTED);
        assertThat(served.inventory()).isEqualTo(fixed);
        String newBody = rotatedPair.certPem().lines().skip(1).findFirst().orElseThrow();
        String oldBody = good.certChain().lines().skip(1).findFirst().orElseThrow();
        assertThat(servedSecret(served)).contains(newBody).doesNotContain(oldBody);
        assertThat(servedSecret(endpointMoved)).contains(oldBody).doesNotContain(newBody);
        assertOtherStatusesAre(served, first, key);
        assertSameAsFull(served);

        Translation brokenAgain = translator.translate(withSecret(fixed, key, breaking));
        assertThat(brokenAgain.inventory().entries().get(key).resource())
                .as("the new good version is the one kept next")
                .isEqualTo(served.inventory().entries().get(key).resource());
    }

    private static void assertKept(Translation translation, ResourceKey key, List<SecretMaterial.Fault> faults) {
        ResourceStatus status = translation.statuses().get(key);
        assertThat(status.state()).isEqualTo(State.REJECTED);
        assertThat(status.problems())
                .extracting(Problem::field, Problem::message, Problem::severity)
                .containsExactlyElementsOf(faults.stream()
                        .map(f -> org.assertj.core.groups.Tuple.tuple(
                                f.field(), f.message() + DecodedEntries.KEPT, Problem.Severity.ERROR))
                        .toList());
    }

    private static void assertOtherStatusesAre(Translation translation, Translation first, ResourceKey except) {
        SortedMap<ResourceKey, ResourceStatus> now = new TreeMap<>(translation.statuses());
        SortedMap<ResourceKey, ResourceStatus> before = new TreeMap<>(first.statuses());
        now.remove(except);
        before.remove(except);
        assertThat(now).isEqualTo(before);
    }

    private static void assertSameAsFull(Translation incremental) {
        Translation full = Translator.translate(incremental.inventory());
        assertThat(incremental.statuses()).isEqualTo(full.statuses());
        assertThat(incremental.resolution()).isEqualTo(full.resolution());
        assertThat(incremental.groups()).isEqualTo(full.groups());
    }

    private static List<Object> secretsAndListeners(Translation translation) {
        return translation.groups().values().stream()
                .<Object>flatMap(g -> java.util.stream.Stream.of(g.secrets(), g.listeners(), g.clusters()))
                .toList();
    }

    /** The SDS Secret the local gateway's upstream TLS reads, as Envoy receives it. */
    private static String servedSecret(Translation translation) {
        return translation.groups().values().stream()
                .flatMap(g -> g.secrets().stream())
                .filter(s -> s.getName().equals("gloo-system_failover-upstream"))
                .map(Object::toString)
                .reduce("", String::concat);
    }

    private static ResourceKey secretKey(Inventory inventory) {
        return inventory.entries().values().stream()
                .filter(e ->
                        e.resource() instanceof TlsSecret s && s.meta().name().equals("failover-upstream"))
                .map(Inventory.Entry::key)
                .findFirst()
                .orElseThrow();
    }

    private static Inventory withSecret(Inventory inventory, ResourceKey key, UnaryOperator<TlsSecret> change) {
        SortedMap<ResourceKey, Inventory.Entry> entries = new TreeMap<>(inventory.entries());
        Inventory.Entry e = entries.get(key);
        entries.put(key, new Inventory.Entry(key, change.apply((TlsSecret) e.resource()), e.status(), e.origin()));
        return new Inventory(entries, inventory.gatewayAddresses());
    }

    private static Inventory withBlueEndpoint(Inventory inventory, String ip) {
        SortedMap<ResourceKey, Inventory.Entry> entries = new TreeMap<>(inventory.entries());
        inventory.entries().forEach((key, e) -> {
            if (e.resource() instanceof ServiceEndpoints s && s.meta().name().equals("service-blue")) {
                List<ServiceEndpoints.Subset> subsets = s.subsets().stream()
                        .map(sub -> RecordEdits.with(sub, "addresses", List.of(ip)))
                        .toList();
                entries.put(
                        key, new Inventory.Entry(key, RecordEdits.with(s, "subsets", subsets), e.status(), e.origin()));
            }
        });
        return new Inventory(entries, inventory.gatewayAddresses());
    }
}
