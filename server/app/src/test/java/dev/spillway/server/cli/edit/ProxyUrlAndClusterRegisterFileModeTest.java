package dev.spillway.server.cli.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spillway proxy url} and {@code spillway cluster register} on a config directory. */
class ProxyUrlAndClusterRegisterFileModeTest {
    private static final Path EXAMPLE = CreateSecretTlsCommandTest.EXAMPLE;

    @Test
    void theProxyUrlOfTheExamplesClustersIsTheirHttpGatewayOnLoopback() {
        CliRun.Result local = CliRun.run("proxy", "url", "--config-dir", EXAMPLE.toString(), "--cluster", "local");
        CliRun.Result remote = CliRun.run("proxy", "url", "--config-dir", EXAMPLE.toString(), "--cluster", "remote");

        assertThat(local.exit()).isZero();
        assertThat(local.out()).isEqualTo("http://127.0.0.1:8080\n");
        assertThat(remote.out()).isEqualTo("http://127.0.0.1:8081\n");
    }

    @Test
    void aGatewayBoundToOneAddressIsReachedThere(@TempDir Path dir) throws Exception {
        Path local = Files.createDirectories(dir.resolve("local"));
        Files.writeString(local.resolve("gw.yaml"), """
                apiVersion: gateway.solo.io/v1
                kind: Gateway
                metadata: {name: internal, namespace: gloo-system}
                spec: {bindAddress: "::1", bindPort: 9000, httpGateway: {}}
                ---
                apiVersion: gateway.solo.io/v1
                kind: Gateway
                metadata: {name: edge, namespace: gloo-system}
                spec: {bindAddress: 10.1.2.3, bindPort: 8443, proxyNames: [edge-proxy]}
                """);

        CliRun.Result v6 = CliRun.run("proxy", "url", "--config-dir", dir.toString(), "--cluster", "local");
        CliRun.Result edge = CliRun.run(
                "proxy", "url", "--name", "edge-proxy", "--config-dir", dir.toString(), "--cluster", "local");

        assertThat(v6.out()).isEqualTo("http://[::1]:9000\n");
        assertThat(edge.out()).isEqualTo("http://10.1.2.3:8443\n");
    }

    @Test
    void noHttpGatewayForTheProxyNamesTheGatewaysThereAre() {
        CliRun.Result run =
                CliRun.run("proxy", "url", "--name", "edge", "--config-dir", EXAMPLE.toString(), "--cluster", "remote");
        CliRun.Result missing = CliRun.run("proxy", "url", "--config-dir", EXAMPLE.toString(), "--cluster", "mars");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("spillway proxy url: no HTTP Gateway for proxy edge in "
                        + EXAMPLE.resolve("remote")
                        + " (Gateways: gloo-system/failover-gateway tcp 15443 [gateway-proxy],"
                        + " gloo-system/gateway-proxy http 8081 [gateway-proxy])\n");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err())
                .isEqualTo("spillway proxy url: no cluster directory " + EXAMPLE.resolve("mars") + "\n");
    }

    @Test
    void registeringAClusterWritesItsClusterFile(@TempDir Path dir) throws Exception {
        CliRun.Result run = CliRun.run(
                "cluster",
                "register",
                "--cluster-name",
                "east",
                "--region",
                "us-east1",
                "--zone",
                "us-east1-b",
                "--network",
                "flat",
                "--failover-address",
                "10.0.0.9:15443",
                "--context",
                "gke-east",
                "--config-dir",
                dir.toString());

        assertThat(run.exit()).isZero();
        Path file = dir.resolve("east/cluster.yaml");
        assertThat(run.out()).isEqualTo("registered cluster east in " + file + "\n");
        ClusterRegistration cluster =
                (ClusterRegistration) ResourceDecoder.decode("east", "cluster.yaml", Files.readString(file))
                        .documents()
                        .get(0)
                        .resource();
        assertThat(cluster.meta().name()).isEqualTo("east");
        assertThat(cluster.region()).isEqualTo("us-east1");
        assertThat(cluster.zone()).isEqualTo("us-east1-b");
        assertThat(cluster.network()).isEqualTo(ClusterRegistration.Network.FLAT);
        assertThat(cluster.failoverAddress()).isEqualTo(new HostPort("10.0.0.9", 15443));
        assertThat(cluster.kubeContext()).isEqualTo("gke-east");
    }

    @Test
    void registeringAnExamplesClusterAgainReplacesItsRegistration(@TempDir Path dir) throws Exception {
        Path config = CliRun.copy(EXAMPLE, dir.resolve("config"));
        Path file = config.resolve("remote/cluster.yaml");
        String before = Files.readString(file);

        CliRun.Result run = CliRun.run(
                "cluster",
                "register",
                "--cluster-name",
                "remote",
                "--region",
                "eu-west1",
                "--failover-address",
                "127.0.0.1:15443",
                "--config-dir",
                config.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("re-registered cluster remote in ");
        String after = Files.readString(file);
        assertThat(after).startsWith(before.substring(0, before.indexOf("apiVersion:")));
        ClusterRegistration cluster = (ClusterRegistration) ResourceDecoder.decode("remote", "cluster.yaml", after)
                .documents()
                .get(0)
                .resource();
        assertThat(cluster.region()).isEqualTo("eu-west1");
        assertThat(cluster.network()).isEqualTo(ClusterRegistration.Network.GATEWAY);
    }

    @Test
    void wrongValuesAndMixedModesAreRefused(@TempDir Path dir) {
        CliRun.Result network = CliRun.run(
                "cluster", "register", "--cluster-name", "east", "--network", "mesh", "--config-dir", dir.toString());
        CliRun.Result address = CliRun.run(
                "cluster",
                "register",
                "--cluster-name",
                "east",
                "--failover-address",
                "10.0.0.9",
                "--config-dir",
                dir.toString());
        CliRun.Result noContext = CliRun.run("cluster", "register", "--cluster-name", "east");
        CliRun.Result mixed = CliRun.run(
                "cluster",
                "register",
                "--cluster-name",
                "east",
                "--config-dir",
                dir.toString(),
                "--management-context",
                "gloo-fed");

        assertThat(network.exit()).isEqualTo(1);
        assertThat(network.err()).isEqualTo("spillway cluster register: --network mesh must be gateway or flat\n");
        assertThat(address.exit()).isEqualTo(1);
        assertThat(address.err()).contains("--failover-address 10.0.0.9 must be HOST:PORT");
        assertThat(noContext.exit()).isEqualTo(2);
        assertThat(noContext.err()).startsWith("--context is required in Kubernetes mode");
        assertThat(mixed.exit()).isEqualTo(2);
        assertThat(dir.resolve("east")).doesNotExist();
    }

    @Test
    void theGroupCommandsAskForASubcommand() {
        for (String group : new String[] {"create", "add", "proxy", "cluster"}) {
            CliRun.Result run = CliRun.run(group);
            assertThat(run.exit()).as(group).isEqualTo(2);
            assertThat(run.err()).as(group).startsWith("Missing required subcommand");
        }
        assertThat(CliRun.run("create", "secret").err()).startsWith("Missing required subcommand (tls)");
    }
}
