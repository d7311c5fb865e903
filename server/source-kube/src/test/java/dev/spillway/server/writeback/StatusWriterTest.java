package dev.spillway.server.writeback;

import static dev.spillway.server.source.kube.Guide.BLUE;
import static dev.spillway.server.source.kube.Guide.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.source.Inventory;
import dev.spillway.server.source.kube.ClusterConnection;
import dev.spillway.server.source.kube.Guide;
import dev.spillway.server.source.kube.KubeSource;
import dev.spillway.server.source.kube.MockCluster;
import dev.spillway.server.source.kube.WatchedKind;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Statuses written back to the guide's custom resources on the mock API servers. */
class StatusWriterTest {

    /** Upstream, Gateway, VirtualService and FailoverScheme in local; the failover Gateway in remote. */
    private static final int CUSTOM_RESOURCES = 5;

    private MockCluster local;
    private MockCluster remote;
    private KubeSource source;
    private final AtomicBoolean leader = new AtomicBoolean(true);
    private StatusWriter writer;

    @BeforeEach
    void start() {
        local = new MockCluster("local");
        remote = new MockCluster("remote");
        Guide.applyLocal(local);
        Guide.applyRemote(remote, false);
        List<ClusterConnection> connections = List.of(local.connection(), remote.connection());
        source = new KubeSource(connections, Guide.FAST);
        source.start();
        writer = StatusWriter.forClusters(connections, leader::get);
    }

    @AfterEach
    void close() {
        // Servers first: see MockCluster#close.
        local.stopIfRunning();
        remote.stopIfRunning();
        if (source != null) {
            source.close();
        }
        local.close();
        remote.close();
    }

    private StatusWriter.Result writeCurrent() {
        return writeCurrent(StatusRound.Details.NONE);
    }

    private StatusWriter.Result writeCurrent(StatusRound.Details details) {
        Inventory inventory = source.current();
        return writer.write(
                new StatusRound(inventory, Translator.translate(inventory).statuses(), details));
    }

    /** Details that show only a primary's failover or a scheme's readiness. */
    private static StatusRound.Details details(
            java.util.function.Function<dev.spillway.api.model.ResourceKey, Map<String, Object>> failover,
            java.util.function.Function<dev.spillway.api.model.ResourceKey, Map<String, Object>> readiness) {
        return new StatusRound.Details() {
            @Override
            public List<Map<String, Object>> targets(dev.spillway.api.model.ResourceKey scheme) {
                return List.of();
            }

            @Override
            public Map<String, Object> failover(dev.spillway.api.model.ResourceKey upstream) {
                return failover.apply(upstream);
            }

            @Override
            public Map<String, Object> traffic(dev.spillway.api.model.ResourceKey scheme) {
                return Map.of();
            }

            @Override
            public Map<String, Object> readiness(dev.spillway.api.model.ResourceKey scheme) {
                return readiness.apply(scheme);
            }
        };
    }

    private int statusWrites() {
        return local.dispatcher().statusWrites().size()
                + remote.dispatcher().statusWrites().size();
    }

    @Test
    void writesStatusesInTheShapesUsersKnow() {
        StatusWriter.Result result = writeCurrent();

        assertThat(result.written()).isEqualTo(CUSTOM_RESOURCES);
        assertThat(result.failed()).isZero();
        assertThat(local.status(WatchedKind.UPSTREAM, "gloo-system", BLUE))
                .isEqualTo(Map.of("state", "Accepted", "reportedBy", "spillway", "observedGeneration", 1));
        assertThat(local.status(WatchedKind.FAILOVER_SCHEME, "gloo-fed", "failover-scheme"))
                .isEqualTo(Map.of("state", "ACCEPTED", "observedGeneration", 1));
        assertThat(remote.status(WatchedKind.GATEWAY, "gloo-system", "failover-gateway"))
                .isEqualTo(Map.of("state", "Accepted", "reportedBy", "spillway", "observedGeneration", 1));
    }

    @Test
    void neverWritesAnUnchangedStatusAgain() {
        writeCurrent();
        int writes = statusWrites();

        StatusWriter.Result again = writeCurrent();
        StatusWriter.Result fresh = StatusWriter.forClusters(
                        List.of(local.connection(), remote.connection()), () -> true)
                .write(source.current(), Translator.translate(source.current()).statuses());

        assertThat(again.written()).isZero();
        assertThat(again.unchanged()).isEqualTo(CUSTOM_RESOURCES);
        assertThat(fresh.written())
                .as("a new leader reads the statuses and finds them right")
                .isZero();
        assertThat(statusWrites()).isEqualTo(writes);
    }

    @Test
    void aStatusDescribesTheGenerationItsTranslationSawEvenWhenTheObjectMovedOn() {
        Inventory seen = source.current();
        var statuses = Translator.translate(seen).statuses();
        local.client()
                .genericKubernetesResources(WatchedKind.UPSTREAM.context())
                .inNamespace("gloo-system")
                .withName(BLUE)
                .edit(u -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec =
                            (Map<String, Object>) u.getAdditionalProperties().get("spec");
                    spec.put("connectionConfig", Map.of("connectTimeout", "2s"));
                    return u;
                });

        writer.write(new StatusRound(seen, statuses));

        assertThat(local.status(WatchedKind.UPSTREAM, "gloo-system", BLUE))
                .as("the edit (generation 2) has not been translated yet")
                .isEqualTo(Map.of("state", "Accepted", "reportedBy", "spillway", "observedGeneration", 1));
    }

    @Test
    void writesOnceWhenAResourceChanges() {
        writeCurrent();
        int writes = statusWrites();

        local.client()
                .genericKubernetesResources(WatchedKind.UPSTREAM.context())
                .inNamespace("gloo-system")
                .withName(BLUE)
                .edit(u -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec =
                            (Map<String, Object>) u.getAdditionalProperties().get("spec");
                    spec.put("connectionConfig", Map.of("connectTimeout", "2s"));
                    return u;
                });
        await(
                source,
                "the edited Upstream",
                i -> ((Upstream) i.entries()
                                        .get(Guide.key(Kind.UPSTREAM, "local", "gloo-system", BLUE))
                                        .resource())
                                .connectTimeout()
                        != null);
        StatusWriter.Result result = writeCurrent();

        assertThat(result.written()).isOne();
        assertThat(statusWrites()).isEqualTo(writes + 1);
        assertThat(local.status(WatchedKind.UPSTREAM, "gloo-system", BLUE))
                .isEqualTo(Map.of("state", "Accepted", "reportedBy", "spillway", "observedGeneration", 2));
        assertThat(writeCurrent().written()).isZero();
    }

    @Test
    void aRejectedResourceCarriesItsReason() {
        local.apply("local/virtual-service-dangling.yaml");
        await(
                source,
                "the dangling VirtualService",
                i -> i.entries().containsKey(Guide.key(Kind.VIRTUAL_SERVICE, "local", "gloo-system", "dangling")));

        writeCurrent();

        @SuppressWarnings("unchecked")
        Map<String, Object> status =
                (Map<String, Object>) local.status(WatchedKind.VIRTUAL_SERVICE, "gloo-system", "dangling");
        assertThat(status).containsEntry("state", "Rejected").containsEntry("reportedBy", "spillway");
        assertThat((String) status.get("reason"))
                .startsWith("VirtualService gloo-system/dangling: ")
                .contains("no-such-upstream");
    }

    @Test
    void thePrimaryUpstreamsStatusNamesItsFailover() {
        writeCurrent(details(
                key -> key.name().equals(BLUE)
                        ? java.util.Map.of(
                                "scheme",
                                "gloo-fed/failover-scheme",
                                "targets",
                                List.of(java.util.Map.of("priority", 1, "endpoint", "203.0.113.10:15443")))
                        : java.util.Map.of(),
                key -> Map.of()));

        assertThat(local.status(WatchedKind.UPSTREAM, "gloo-system", BLUE))
                .asString()
                .contains("failover={", "scheme=gloo-fed/failover-scheme", "endpoint=203.0.113.10:15443");
        assertThat(local.status(WatchedKind.GATEWAY, "gloo-system", "gateway-proxy"))
                .asString()
                .doesNotContain("failover");
    }

    @Test
    void aFailoverSchemesReadinessIsWrittenAsConditionsAndTiers() {
        java.util.Map<String, Object> ready = java.util.Map.of(
                "type", "Ready", "status", "False", "reason", "Degraded", "message", "tier 1 remote/...: Expired");
        StatusRound.Details details = details(
                key -> Map.of(),
                key -> java.util.Map.of(
                        "conditions",
                        List.of(ready),
                        "tiers",
                        List.of(java.util.Map.of("priority", 1, "ready", false))));

        writeCurrent(details);
        int writes = statusWrites();
        writeCurrent(details);

        assertThat(local.status(WatchedKind.FAILOVER_SCHEME, "gloo-fed", "failover-scheme"))
                .asString()
                .contains("conditions=[{", "reason=Degraded", "tiers=[{");
        assertThat(local.status(WatchedKind.UPSTREAM, "gloo-system", BLUE))
                .asString()
                .doesNotContain("conditions");
        assertThat(statusWrites()).as("the same readiness is not written again").isEqualTo(writes);
    }

    @Test
    void aConflictIsReadAgainAndRetried() {
        local.dispatcher().conflictOnNextStatusWrites(2);

        StatusWriter.Result result = writeCurrent();

        assertThat(local.dispatcher().conflictsInjected()).isEqualTo(2);
        assertThat(result.failed()).isZero();
        assertThat(result.written()).isEqualTo(CUSTOM_RESOURCES);
        assertThat(local.status(WatchedKind.UPSTREAM, "gloo-system", BLUE)).isNotNull();
    }

    @Test
    void conflictsOnEveryAttemptFailOnlyThatObjectsWriteAndAreWrittenNextRound() {
        local.dispatcher().conflictOnNextStatusWrites(1_000);

        StatusWriter.Result contended = writeCurrent();
        local.dispatcher().conflictOnNextStatusWrites(0);
        StatusWriter.Result next = writeCurrent();

        // Each of the local cluster's four objects was tried MAX_ATTEMPTS times: a busy object does not
        // stop the others of its cluster from being tried.
        assertThat(contended.failed()).isEqualTo(4);
        assertThat(local.dispatcher().conflictsInjected()).isEqualTo(4 * StatusWriter.MAX_ATTEMPTS);
        assertThat(next.written()).isEqualTo(4);
    }

    @Test
    void onlyTheLeaderWrites() {
        leader.set(false);
        StatusWriter.Result follower = writeCurrent();
        assertThat(follower.written()).isZero();
        assertThat(statusWrites()).isZero();

        leader.set(true);
        assertThat(writeCurrent().written()).isEqualTo(CUSTOM_RESOURCES);
    }

    @Test
    void anUnreachableClusterFailsOnlyItsOwnWrites() {
        remote.stop();

        StatusWriter.Result result = writeCurrent();

        assertThat(result.failed()).isOne();
        assertThat(result.written()).isEqualTo(CUSTOM_RESOURCES - 1);
    }

    @Test
    void theReporterWritesTheLatestStatusesOffTheCallersThread() {
        try (StatusReporter reporter = new StatusReporter(writer)) {
            Inventory inventory = source.current();
            Translation translation = Translator.translate(inventory);

            reporter.submit(inventory, translation.statuses());

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (statusWrites() < CUSTOM_RESOURCES && System.nanoTime() < deadline) {
                Guide.sleep(20);
            }
        }
        assertThat(statusWrites()).isEqualTo(CUSTOM_RESOURCES);
    }

    @Test
    void theReporterTriesAFailedRoundAgainWithoutNewStatuses() {
        // More conflicts than one round's attempts: the first round fails the local cluster's writes,
        // and only the reporter's own retry can write them, since nothing else changes.
        local.dispatcher().conflictOnNextStatusWrites(4 * StatusWriter.MAX_ATTEMPTS + 2);
        try (StatusReporter reporter = new StatusReporter(writer)) {
            Inventory inventory = source.current();
            reporter.submit(inventory, Translator.translate(inventory).statuses());

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (statusWrites() < CUSTOM_RESOURCES && System.nanoTime() < deadline) {
                Guide.sleep(20);
            }
        }
        assertThat(local.dispatcher().conflictsInjected()).isEqualTo(4 * StatusWriter.MAX_ATTEMPTS + 2);
        assertThat(statusWrites()).isEqualTo(CUSTOM_RESOURCES);
    }
}
