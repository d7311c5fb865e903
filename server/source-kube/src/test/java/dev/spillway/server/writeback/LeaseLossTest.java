package dev.spillway.server.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.source.Inventory;
import dev.spillway.server.source.kube.ClusterConnection;
import dev.spillway.server.source.kube.Guide;
import dev.spillway.server.source.kube.KubeSource;
import dev.spillway.server.source.kube.MockCluster;
import dev.spillway.server.source.kube.TestDispatcher;
import dev.spillway.translator.Translator;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas, each with its writer: the Lease changes hands while the leader is writing a round. The Lease
 * lives on a server of its own: the mock serves one request at a time, so one holding a status write would
 * hold the Lease's renewals too.
 */
class LeaseLossTest {

    private static final LeaderElection.Timing FAST =
            new LeaderElection.Timing(Duration.ofSeconds(2), Duration.ofMillis(1_500), Duration.ofMillis(200));

    /** Upstream, Gateway, VirtualService and FailoverScheme in local; the failover Gateway in remote. */
    private static final int CUSTOM_RESOURCES = 5;

    private MockCluster local;
    private MockCluster remote;
    private MockCluster leases;
    private KubeSource source;
    private LeaderElection a;
    private LeaderElection b;
    private TestDispatcher.Hold hold;

    @BeforeEach
    void start() {
        local = new MockCluster("local");
        remote = new MockCluster("remote");
        Guide.applyLocal(local);
        Guide.applyRemote(remote, false);
        source = new KubeSource(List.of(local.connection(), remote.connection()), Guide.FAST);
        source.start();
        leases = new MockCluster("leases");
        a = new LeaderElection(leases.client(), "spillway", "replica-a", FAST);
        b = new LeaderElection(leases.client(), "spillway", "replica-b", FAST);
    }

    @AfterEach
    void close() {
        if (hold != null) {
            hold.release();
        }
        a.close();
        b.close();
        local.stopIfRunning();
        remote.stopIfRunning();
        source.close();
        local.close();
        remote.close();
        leases.close();
    }

    @Test
    void aLeaderThatLosesTheLeaseMidRoundWritesNothingMoreAndTheNewLeaderWritesEveryStatus() throws Exception {
        List<ClusterConnection> connections = List.of(local.connection(), remote.connection());
        StatusWriter writerA = StatusWriter.forClusters(connections, a);
        StatusWriter writerB = StatusWriter.forClusters(connections, b);
        a.start();
        awaitTrue(a::isLeader, "replica-a leads");
        b.start();
        Inventory inventory = source.current();
        StatusRound round =
                new StatusRound(inventory, Translator.translate(inventory).statuses());

        hold = local.dispatcher().holdNextStatusWrite();
        CompletableFuture<StatusWriter.Result> roundOfA = CompletableFuture.supplyAsync(() -> writerA.write(round));
        assertThat(hold.awaitArrived()).as("replica-a writing").isTrue();
        int writesSoFar = statusWrites();

        takeLeaseFor("replica-b");
        awaitTrue(() -> !a.isLeader() && b.isLeader(), "replica-a knows it lost the Lease to replica-b");
        hold.release();
        StatusWriter.Result resultOfA = roundOfA.get(10, TimeUnit.SECONDS);

        assertThat(statusWrites())
                .as("no status written by replica-a after the one in flight when it lost the Lease")
                .isEqualTo(writesSoFar);
        assertThat(resultOfA.written())
                .as("the writes made while leading, the one in flight included")
                .isEqualTo(writesSoFar)
                .isLessThan(CUSTOM_RESOURCES);
        assertThat(resultOfA.failed()).as("a lost Lease is no failure to retry").isZero();

        StatusWriter.Result resultOfB = writerB.write(round);

        assertThat(resultOfB.written() + resultOfB.unchanged()).isEqualTo(CUSTOM_RESOURCES);
        StatusWriter.Result check =
                StatusWriter.forClusters(connections, () -> true).write(round);
        assertThat(check.unchanged())
                .as("every status as the round has it, read afresh")
                .isEqualTo(CUSTOM_RESOURCES);
        assertThat(check.written()).isZero();
    }

    /** Another replica takes the Lease, as one whose view of replica-a's renewals had them expired would. */
    private void takeLeaseFor(String identity) {
        for (int attempt = 1; ; attempt++) {
            try {
                leases.client()
                        .leases()
                        .inNamespace("spillway")
                        .withName(LeaderElection.LEASE_NAME)
                        .edit(lease -> {
                            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
                            lease.getSpec().setHolderIdentity(identity);
                            lease.getSpec().setAcquireTime(now);
                            lease.getSpec().setRenewTime(now);
                            lease.getSpec().setLeaseTransitions(lease.getSpec().getLeaseTransitions() + 1);
                            return lease;
                        });
                return;
            } catch (KubernetesClientException e) {
                // The holder renewed in between: read it again, as any candidate would.
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private int statusWrites() {
        return local.dispatcher().statusWrites().size()
                + remote.dispatcher().statusWrites().size();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Guide.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }
}
