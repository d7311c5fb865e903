package dev.spillway.server.source.kube;

import static dev.spillway.server.source.kube.Guide.await;
import static dev.spillway.server.source.kube.Guide.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.api.status.State;
import dev.spillway.server.writeback.StatusWriter;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A TLS Secret deleted while a resource names it: its last known version keeps being served, the resource
 * naming it carries a Warning that says so (written back to its status), until the Secret is created again
 * or nothing names it any more.
 */
class SecretDeletionTest {

    private static final ProxyGroup REMOTE_PROXY = new ProxyGroup("remote", "gateway-proxy");
    private static final ResourceKey SECRET = key(Kind.SECRET, "remote", "gloo-system", "failover-downstream");
    private static final ResourceKey GATEWAY = key(Kind.GATEWAY, "remote", "gloo-system", "failover-gateway");
    private static final String WARNING = "Secret gloo-system/failover-downstream was deleted at \\S+Z; its last known"
            + " version is still served until it is recreated or no longer referenced";

    private MockCluster local;
    private MockCluster remote;
    private KubeSource source;

    @BeforeEach
    void start() {
        local = new MockCluster("local");
        remote = new MockCluster("remote");
        Guide.applyLocal(local);
        Guide.applyRemote(remote, false);
        source = new KubeSource(List.of(local.connection(), remote.connection()), Guide.FAST);
        source.start();
        Guide.awaitWatching(source);
    }

    @AfterEach
    void close() {
        // Servers first: see MockCluster#close.
        local.stopIfRunning();
        remote.stopIfRunning();
        source.close();
        local.close();
        remote.close();
    }

    @Test
    void aDeletedSecretStillNamedIsServedWithAWarningOnWhatNamesItUntilRecreated() {
        Translation before = Translator.translate(source.current());
        assertThat(before.statuses().get(GATEWAY).state()).isEqualTo(State.ACCEPTED);

        remote.delete("remote/secret-failover-downstream.yaml");
        Inventory deleted = await(source, "the Secret marked deleted", i -> deletedAt(i) != null);
        Translation served = Translator.translate(deleted);

        assertThat(served.groups().get(REMOTE_PROXY).listeners())
                .as("the failover gateway's listener, with the Secret's last known version")
                .isEqualTo(before.groups().get(REMOTE_PROXY).listeners());
        assertThat(served.groups().get(REMOTE_PROXY).secrets())
                .isEqualTo(before.groups().get(REMOTE_PROXY).secrets());
        ResourceStatus gateway = served.statuses().get(GATEWAY);
        assertThat(gateway.state()).isEqualTo(State.WARNING);
        assertThat(gateway.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.field()).isEqualTo("spec.tcpGateway.tcpHosts[0].sslConfig.secretRef");
            assertThat(p.message()).matches(WARNING);
        });

        StatusWriter writer = StatusWriter.forClusters(List.of(local.connection(), remote.connection()), () -> true);
        writer.write(deleted, served.statuses());
        @SuppressWarnings("unchecked")
        Map<String, Object> written =
                (Map<String, Object>) remote.status(WatchedKind.GATEWAY, "gloo-system", "failover-gateway");
        assertThat(written).containsEntry("state", "Warning");
        assertThat((String) written.get("reason")).containsPattern(WARNING).doesNotContain("BEGIN", "LS0t");

        remote.apply("remote/secret-failover-downstream.yaml");
        Inventory recreated =
                await(source, "the Secret created again", i -> i.entries().containsKey(SECRET) && deletedAt(i) == null);
        Translation again = Translator.translate(recreated);

        assertThat(again.statuses().get(GATEWAY)).isEqualTo(before.statuses().get(GATEWAY));
        assertThat(again.groups().get(REMOTE_PROXY).secrets())
                .isEqualTo(before.groups().get(REMOTE_PROXY).secrets());
    }

    @Test
    void aDeletedSecretIsForgottenOnceNothingNamesIt() {
        remote.delete("remote/secret-failover-downstream.yaml");
        await(source, "the Secret marked deleted", i -> deletedAt(i) != null);

        var gateways = remote.client()
                .genericKubernetesResources(WatchedKind.GATEWAY.context())
                .inNamespace("gloo-system");
        var gateway = gateways.withName("failover-gateway").get();
        gateways.withName("failover-gateway").delete();
        await(
                source,
                "the Gateway and the kept Secret gone",
                i -> !i.entries().containsKey(GATEWAY) && !i.entries().containsKey(SECRET));

        // Named again, it is not found: the last known version went when nothing named it.
        gateway.getMetadata().setResourceVersion(null);
        gateway.getMetadata().setUid(null);
        gateways.resource(gateway).create();
        Inventory named = await(source, "the Gateway back", i -> i.entries().containsKey(GATEWAY));
        assertThat(named.entries()).doesNotContainKey(SECRET);
        assertThat(Translator.translate(source.current())
                        .statuses()
                        .get(GATEWAY)
                        .state())
                .isEqualTo(State.REJECTED);
    }

    private static java.time.Instant deletedAt(Inventory inventory) {
        Inventory.Entry secret = inventory.entries().get(SECRET);
        return secret == null ? null : secret.deletedAt();
    }
}
