package dev.spillway.server.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.server.source.kube.Guide;
import dev.spillway.server.source.kube.MockCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas campaign for the status writers' Lease on a mock API server. */
class LeaderElectionTest {

    private static final LeaderElection.Timing FAST =
            new LeaderElection.Timing(Duration.ofSeconds(2), Duration.ofMillis(1_500), Duration.ofMillis(200));

    private MockCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new MockCluster("local");
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void oneReplicaLeadsAndTheOtherTakesOverWhenItLeaves() {
        LeaderElection a = new LeaderElection(cluster.client(), "spillway", "replica-a", FAST);
        try (LeaderElection b = new LeaderElection(cluster.client(), "spillway", "replica-b", FAST)) {
            a.start();
            awaitTrue(a::isLeader, "replica-a leads");
            b.start();
            Guide.sleep(600);

            assertThat(b.isLeader()).isFalse();
            Lease lease = cluster.client()
                    .leases()
                    .inNamespace("spillway")
                    .withName(LeaderElection.LEASE_NAME)
                    .get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");

            a.close();
            assertThat(a.isLeader()).isFalse();
            awaitTrue(b::isLeader, "replica-b takes over");
        }
    }

    @Test
    void closingReleasesTheLeaseSoTheNextLeaderNeedNotWaitForItToExpire() {
        LeaderElection.Timing minute =
                new LeaderElection.Timing(Duration.ofSeconds(60), Duration.ofSeconds(40), Duration.ofMillis(200));
        LeaderElection a = new LeaderElection(cluster.client(), "spillway", "replica-a", minute);
        a.start();
        awaitTrue(a::isLeader, "replica-a leads");
        assertThat(lease().getSpec().getLeaseDurationSeconds()).isEqualTo(60);

        a.close();

        // fabric8's release (LeaderElector.release) keeps the holder's name but rewrites the Lease to expire one
        // second after now, where client-go empties the holder: either way any candidate may take it.
        Lease released = lease();
        assertThat(released.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
        assertThat(released.getSpec().getRenewTime()).isNotNull();
    }

    private Lease lease() {
        return cluster.client()
                .leases()
                .inNamespace("spillway")
                .withName(LeaderElection.LEASE_NAME)
                .get();
    }

    @Test
    void theIdentityIsThePodNameOrTheHostName() {
        assertThat(LeaderElection.defaultIdentity()).isNotBlank();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Guide.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }
}
