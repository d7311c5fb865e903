package dev.spillway.server.cli.edit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.codec.Yaml;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.model.VirtualService;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The glooctl-parity commands in Kubernetes mode, against fabric8's mock API server in CRUD mode:
 * objects are stored and read back as an API server would.
 */
class KubeModeCommandsTest {
    private KubernetesMockServer server;
    private KubernetesClient client;
    private final List<String> contexts = new ArrayList<>();

    /** Each command gets its own client (commands close theirs), and the context it asked for is noted. */
    private final KubeClients clients = (context, kubeconfig) -> {
        contexts.add(String.valueOf(context));
        return server.createClient();
    };

    @BeforeEach
    void startServer() {
        server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesCrudDispatcher(List.of(
                        crd(KubeKinds.VIRTUAL_SERVICE.getGroup(), "virtualservices", "VirtualService", "Namespaced"),
                        crd("spillway.dev", "clusters", "Cluster", "Cluster"))),
                false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.destroy();
    }

    private static CustomResourceDefinitionContext crd(String group, String plural, String kind, String scope) {
        return new CustomResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion("v1")
                .withPlural(plural)
                .withKind(kind)
                .withScope(scope)
                .build();
    }

    private CliRun.Result run(String... args) {
        return CliRun.run(clients, args);
    }

    // ---- create secret tls

    @Test
    void createSecretTlsCreatesThenReplacesTheSecret(@TempDir Path dir) throws Exception {
        TlsSecret downstream = CreateSecretTlsCommandTest.glooctlSecret("failover-downstream-secret.yaml");
        TlsSecret upstream = CreateSecretTlsCommandTest.glooctlSecret("failover-upstream-secret.yaml");
        Path crt = CreateSecretTlsCommandTest.pem(dir, "tls.crt", downstream.certChain());
        Path key = CreateSecretTlsCommandTest.pem(dir, "tls.key", downstream.privateKey());
        Path ca = CreateSecretTlsCommandTest.pem(dir, "mtls.crt", downstream.rootCa());

        CliRun.Result created = run(
                "create",
                "secret",
                "tls",
                "--name",
                "failover-downstream",
                "--certchain",
                crt.toString(),
                "--privatekey",
                key.toString(),
                "--rootca",
                ca.toString(),
                "--context",
                "gloo-fed-2");
        Secret first = client.secrets()
                .inNamespace("gloo-system")
                .withName("failover-downstream")
                .get();
        Files.writeString(crt, upstream.certChain());
        CliRun.Result replaced = run(
                "create",
                "secret",
                "tls",
                "--name",
                "failover-downstream",
                "--certchain",
                crt.toString(),
                "--privatekey",
                key.toString(),
                "--context",
                "gloo-fed-2");
        Secret second = client.secrets()
                .inNamespace("gloo-system")
                .withName("failover-downstream")
                .get();

        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("created Secret gloo-system/failover-downstream in context gloo-fed-2\n");
        assertThat(contexts).containsExactly("gloo-fed-2", "gloo-fed-2");
        assertThat(first.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(first.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
        assertThat(decode(first.getData().get("tls.crt"))).isEqualTo(downstream.certChain());
        assertThat(decode(first.getData().get("ca.crt"))).isEqualTo(downstream.rootCa());
        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(replaced.out()).isEqualTo("replaced Secret gloo-system/failover-downstream in context gloo-fed-2\n");
        assertThat(decode(second.getData().get("tls.crt"))).isEqualTo(upstream.certChain());
        assertThat(second.getData()).doesNotContainKey("ca.crt");
        // What the file-directory source and the Kubernetes source both decode.
        assertThat(ResourceDecoder.decode("remote", "s.yaml", KubeKinds.yaml(KubeKinds.tree(second)))
                        .documents()
                        .get(0)
                        .problems())
                .isEmpty();
    }

    @Test
    void withoutAContextTheCurrentOneIsUsed(@TempDir Path dir) throws Exception {
        TlsSecret upstream = CreateSecretTlsCommandTest.glooctlSecret("failover-upstream-secret.yaml");

        CliRun.Result run = run(
                "create",
                "secret",
                "tls",
                "--name",
                "failover-upstream",
                "--namespace",
                "edge",
                "--certchain",
                CreateSecretTlsCommandTest.pem(dir, "c", upstream.certChain()).toString(),
                "--privatekey",
                CreateSecretTlsCommandTest.pem(dir, "k", upstream.privateKey()).toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("created Secret edge/failover-upstream in the current context\n");
        assertThat(contexts).containsExactly("null");
        assertThat(client.secrets()
                        .inNamespace("edge")
                        .withName("failover-upstream")
                        .get())
                .isNotNull();
    }

    // ---- add route

    @Test
    void addRouteTwiceCreatesTheVirtualServiceThenPutsTheNewRouteFirst() {
        CliRun.Result first = run(
                "add",
                "route",
                "--path-prefix",
                "/",
                "--dest-name",
                "default-service-blue-10000",
                "--context",
                "gloo-fed");
        CliRun.Result second = run(
                "add",
                "route",
                "--path-prefix",
                "/green",
                "--dest-name",
                "default-service-green-10000",
                "--context",
                "gloo-fed");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out())
                .isEqualTo("created VirtualService gloo-system/default with the route in context" + " gloo-fed\n");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out())
                .isEqualTo(
                        "added the route to VirtualService gloo-system/default at index 0 in" + " context gloo-fed\n");
        VirtualService vs = virtualService("default");
        assertThat(vs.domains()).containsExactly("*");
        assertThat(AddRouteCommandTest.paths(vs))
                .containsExactly(
                        "PREFIX /green -> gloo-system/default-service-green-10000",
                        "PREFIX / -> gloo-system/default-service-blue-10000");
    }

    @Test
    void addRouteKeepsWhatSpillwayDoesNotModel() {
        client.genericKubernetesResources(KubeKinds.VIRTUAL_SERVICE)
                .inNamespace("gloo-system")
                .resource(KubeKinds.generic(Yaml.read("""
                        apiVersion: gateway.solo.io/v1
                        kind: VirtualService
                        metadata: {name: default, namespace: gloo-system, labels: {team: a}}
                        spec:
                          virtualHost:
                            domains: [colors.example]
                            routes:
                            - name: blue
                              matchers: [{prefix: /}]
                              routeAction: {single: {upstream: {name: blue, namespace: gloo-system}}}
                              options: {timeout: 5s, waf: {disabled: true}}
                        """)))
                .create();

        CliRun.Result run = run("add", "route", "--path-exact", "/health", "--dest-name", "blue", "--index", "1");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode stored = KubeKinds.tree(client.genericKubernetesResources(KubeKinds.VIRTUAL_SERVICE)
                .inNamespace("gloo-system")
                .withName("default")
                .get());
        assertThat(stored.path("metadata").path("labels").path("team").asText()).isEqualTo("a");
        JsonNode routes = stored.path("spec").path("virtualHost").path("routes");
        assertThat(routes.get(0).path("name").asText()).isEqualTo("blue");
        assertThat(routes.get(0).path("options").path("timeout").asText()).isEqualTo("5s");
        assertThat(routes.get(1).path("matchers").get(0).path("exact").asText()).isEqualTo("/health");
        assertThat(run.err())
                .contains("warning: VirtualService gloo-system/default: spec.virtualHost.routes[0].options.waf"
                        + " is not supported by Spillway yet and was ignored");
    }

    @Test
    void addRouteRefusesAVirtualServiceSpillwayWouldReject() {
        client.genericKubernetesResources(KubeKinds.VIRTUAL_SERVICE)
                .inNamespace("gloo-system")
                .resource(KubeKinds.generic(Yaml.read("""
                        apiVersion: gateway.solo.io/v1
                        kind: VirtualService
                        metadata: {name: default, namespace: gloo-system}
                        spec: {virtualHost: {routes: [{matchers: [{prefix: /}]}]}}
                        """)))
                .create();

        CliRun.Result run = run("add", "route", "--dest-name", "blue", "--context", "gloo-fed");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("spillway add route: context gloo-fed: VirtualService gloo-system/default:"
                        + " spec.virtualHost.routes[1].routeAction is required\n");
        assertThat(virtualServiceTree("default")
                        .path("spec")
                        .path("virtualHost")
                        .path("routes"))
                .hasSize(1);
    }

    // ---- proxy url

    @Test
    void proxyUrlOfALoadBalancerIsItsIngressAddress() {
        service(new ServiceBuilder()
                .withNewMetadata()
                .withName("gateway-proxy")
                .withNamespace("gloo-system")
                .endMetadata()
                .withNewSpec()
                .withType("LoadBalancer")
                .addToSelector("gateway-proxy", "live")
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withNodePort(31080)
                .endPort()
                .addNewPort()
                .withName("https")
                .withPort(443)
                .withNodePort(31443)
                .endPort()
                .endSpec()
                .withNewStatus()
                .withNewLoadBalancer()
                .addNewIngress()
                .withIp("52.234.106.206")
                .endIngress()
                .endLoadBalancer()
                .endStatus()
                .build());

        CliRun.Result http = run("proxy", "url", "--context", "gloo-fed");
        CliRun.Result https = run("proxy", "url", "--port", "https");

        assertThat(http.exit()).as(http.err()).isZero();
        assertThat(http.out()).isEqualTo("http://52.234.106.206:80\n");
        assertThat(http.err()).isEmpty();
        assertThat(https.out()).isEqualTo("https://52.234.106.206:443\n");
    }

    @Test
    void proxyUrlOfALoadBalancerNamedByHostname() {
        service(new ServiceBuilder()
                .withNewMetadata()
                .withName("gateway-proxy")
                .withNamespace("gloo-system")
                .endMetadata()
                .withNewSpec()
                .withType("LoadBalancer")
                .addNewPort()
                .withName("http")
                .withPort(80)
                .endPort()
                .endSpec()
                .withNewStatus()
                .withNewLoadBalancer()
                .addNewIngress()
                .withHostname("a1b2.elb.example.com")
                .endIngress()
                .endLoadBalancer()
                .endStatus()
                .build());

        assertThat(run("proxy", "url").out()).isEqualTo("http://a1b2.elb.example.com:80\n");
    }

    @Test
    void proxyUrlOfANodePortIsTheNodeOfAProxyPodAndTheNodePort() {
        service(new ServiceBuilder()
                .withNewMetadata()
                .withName("gateway-proxy")
                .withNamespace("gloo-system")
                .endMetadata()
                .withNewSpec()
                .withType("NodePort")
                .addToSelector("gateway-proxy", "live")
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withNodePort(31080)
                .endPort()
                .endSpec()
                .build());
        node("kind-control-plane", "172.18.0.2");
        node("kind-worker", "172.18.0.3");
        client.pods()
                .inNamespace("gloo-system")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("gateway-proxy-1")
                        .withNamespace("gloo-system")
                        .addToLabels("gateway-proxy", "live")
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName("kind-worker")
                        .endSpec()
                        .withNewStatus()
                        .withPhase("Running")
                        .withHostIP("172.18.0.3")
                        .endStatus()
                        .build())
                .create();

        CliRun.Result run = run("proxy", "url", "--context", "kind-local");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("http://172.18.0.3:31080\n");
    }

    @Test
    void proxyUrlOfANodePortWithoutProxyPodsIsTheFirstNode() {
        service(new ServiceBuilder()
                .withNewMetadata()
                .withName("gateway-proxy")
                .withNamespace("gloo-system")
                .endMetadata()
                .withNewSpec()
                .withType("NodePort")
                .addToSelector("gateway-proxy", "live")
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withNodePort(31080)
                .endPort()
                .endSpec()
                .build());
        node("b-node", "10.0.0.2");
        node("a-node", "10.0.0.1");

        assertThat(run("proxy", "url").out()).isEqualTo("http://10.0.0.1:31080\n");
    }

    @Test
    void proxyUrlOfAClusterIpServiceWarnsThatOnlyTheClusterReachesIt() {
        service(new ServiceBuilder()
                .withNewMetadata()
                .withName("gateway-proxy")
                .withNamespace("gloo-system")
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withClusterIP("10.96.12.34")
                .addNewPort()
                .withName("http")
                .withPort(80)
                .endPort()
                .endSpec()
                .build());

        CliRun.Result run = run("proxy", "url");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("http://10.96.12.34:80\n");
        assertThat(run.err())
                .isEqualTo("warning: Service gloo-system/gateway-proxy is of type ClusterIP: only the"
                        + " cluster reaches 10.96.12.34; from here use `kubectl port-forward -n gloo-system"
                        + " service/gateway-proxy 8080:80` and http://127.0.0.1:8080\n");
    }

    @Test
    void proxyUrlNamesWhatIsMissing() {
        CliRun.Result noService = run("proxy", "url", "--context", "gloo-fed");
        service(new ServiceBuilder()
                .withNewMetadata()
                .withName("gateway-proxy")
                .withNamespace("gloo-system")
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withClusterIP("10.96.12.34")
                .addNewPort()
                .withName("https")
                .withPort(443)
                .endPort()
                .endSpec()
                .build());
        CliRun.Result noPort = run("proxy", "url");

        assertThat(noService.exit()).isEqualTo(1);
        assertThat(noService.err())
                .isEqualTo("spillway proxy url: no Service gloo-system/gateway-proxy in context" + " gloo-fed\n");
        assertThat(noPort.exit()).isEqualTo(1);
        assertThat(noPort.err())
                .isEqualTo("spillway proxy url: Service gloo-system/gateway-proxy has no port http"
                        + " (its ports: https 443)\n");
    }

    @Test
    void theKubeconfigAndContextOptionsReachTheirApiServer(@TempDir Path dir) throws Exception {
        service(new ServiceBuilder()
                .withNewMetadata()
                .withName("gateway-proxy")
                .withNamespace("gloo-system")
                .endMetadata()
                .withNewSpec()
                .withType("LoadBalancer")
                .addNewPort()
                .withName("http")
                .withPort(80)
                .endPort()
                .endSpec()
                .withNewStatus()
                .withNewLoadBalancer()
                .addNewIngress()
                .withIp("192.0.2.7")
                .endIngress()
                .endLoadBalancer()
                .endStatus()
                .build());
        Path kubeconfig = Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                current-context: elsewhere
                clusters:
                - {name: mock, cluster: {server: "%s"}}
                - {name: nowhere, cluster: {server: "https://192.0.2.1:1"}}
                users: [{name: u, user: {token: t}}]
                contexts:
                - {name: gloo-fed, context: {cluster: mock, user: u}}
                - {name: elsewhere, context: {cluster: nowhere, user: u}}
                """.formatted(client.getMasterUrl()));

        CliRun.Result run = CliRun.run(
                KubeClients.KUBECONFIG, "proxy", "url", "--context", "gloo-fed", "--kubeconfig", kubeconfig.toString());
        CliRun.Result missing = CliRun.run(
                KubeClients.KUBECONFIG,
                "proxy",
                "url",
                "--context",
                "gloo-fed-3",
                "--kubeconfig",
                kubeconfig.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("http://192.0.2.7:80\n");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("spillway proxy url: no context gloo-fed-3 in " + kubeconfig + "\n");
    }

    // ---- cluster register

    @Test
    void clusterRegisterStoresTheKubeconfigAndTheCluster(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(
                dir.resolve("certs/ca.crt"), "-----BEGIN CERTIFICATE-----\nremote-ca\n-----END CERTIFICATE-----\n");
        Path kubeconfig = Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                current-context: gloo-fed
                clusters:
                - name: kind-local
                  cluster: {server: https://127.0.0.1:6443}
                - name: kind-remote
                  cluster: {server: https://172.18.0.4:6443, certificate-authority: certs/ca.crt}
                users:
                - name: admin-local
                  user: {token: local-token}
                - name: admin-remote
                  user: {token: remote-token}
                contexts:
                - name: gloo-fed
                  context: {cluster: kind-local, user: admin-local}
                - name: gloo-fed-2
                  context: {cluster: kind-remote, user: admin-remote, namespace: gloo-system}
                """);

        CliRun.Result run = run(
                "cluster",
                "register",
                "--cluster-name",
                "remote",
                "--context",
                "gloo-fed-2",
                "--kubeconfig",
                kubeconfig.toString(),
                "--region",
                "remote-region",
                "--management-context",
                "gloo-fed");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .isEqualTo("registered cluster remote (https://172.18.0.4:6443, context gloo-fed-2) in"
                        + " context gloo-fed: Cluster remote, Secret spillway-system/kubeconfig-remote\n");
        assertThat(contexts).containsExactly("gloo-fed");
        Secret secret = client.secrets()
                .inNamespace("spillway-system")
                .withName("kubeconfig-remote")
                .get();
        JsonNode stored = Yaml.read(decode(secret.getData().get("kubeconfig")));
        assertThat(stored.path("current-context").asText()).isEqualTo("gloo-fed-2");
        assertThat(stored.path("contexts")).hasSize(1);
        assertThat(stored.path("users").get(0).path("user").path("token").asText())
                .isEqualTo("remote-token");
        JsonNode cluster = stored.path("clusters").get(0).path("cluster");
        assertThat(cluster.has("certificate-authority")).isFalse();
        assertThat(decode(cluster.path("certificate-authority-data").asText())).contains("remote-ca");
        GenericKubernetesResource registered = client.genericKubernetesResources(KubeKinds.CLUSTER)
                .withName("remote")
                .get();
        JsonNode spec = KubeKinds.tree(registered).path("spec");
        assertThat(spec.path("region").asText()).isEqualTo("remote-region");
        assertThat(spec.path("network").asText()).isEqualTo("gateway");
        assertThat(spec.path("kubeContext").asText()).isEqualTo("gloo-fed-2");
        assertThat(spec.path("kubeconfigSecret").path("name").asText()).isEqualTo("kubeconfig-remote");
        assertThat(spec.path("kubeconfigSecret").path("namespace").asText()).isEqualTo("spillway-system");

        CliRun.Result again = run(
                "cluster",
                "register",
                "--cluster-name",
                "remote",
                "--context",
                "gloo-fed-2",
                "--kubeconfig",
                kubeconfig.toString(),
                "--zone",
                "b");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).startsWith("re-registered cluster remote");
        assertThat(KubeKinds.tree(client.genericKubernetesResources(KubeKinds.CLUSTER)
                                .withName("remote")
                                .get())
                        .path("spec")
                        .path("zone")
                        .asText())
                .isEqualTo("b");
    }

    @Test
    void clusterRegisterNamesTheContextsThereAre(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: https://10.0.0.1}}]
                users: [{name: u, user: {exec: {command: gke-gcloud-auth-plugin}}}]
                contexts: [{name: gke, context: {cluster: c, user: u}}]
                """);

        CliRun.Result missing = run(
                "cluster",
                "register",
                "--cluster-name",
                "remote",
                "--context",
                "gloo-fed-2",
                "--kubeconfig",
                kubeconfig.toString());
        CliRun.Result exec = run(
                "cluster",
                "register",
                "--cluster-name",
                "remote",
                "--context",
                "gke",
                "--kubeconfig",
                kubeconfig.toString(),
                "--dry-run");

        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err())
                .isEqualTo("spillway cluster register: no context gloo-fed-2 in kubeconfig " + kubeconfig
                        + " (contexts: gke)\n");
        assertThat(contexts).isEmpty();
        assertThat(exec.exit()).isZero();
        assertThat(exec.err())
                .startsWith("warning: the credentials of context gke run a command" + " (gke-gcloud-auth-plugin)");
        assertThat(exec.out()).contains("kind: Secret", "kind: Cluster", "kubeContext: gke");
        assertThat(client.secrets().inNamespace("spillway-system").list().getItems())
                .isEmpty();
    }

    // ---- helpers

    private VirtualService virtualService(String name) {
        return (VirtualService) ResourceDecoder.decode("local", "vs.yaml", KubeKinds.yaml(virtualServiceTree(name)))
                .documents()
                .get(0)
                .resource();
    }

    private JsonNode virtualServiceTree(String name) {
        return KubeKinds.tree(client.genericKubernetesResources(KubeKinds.VIRTUAL_SERVICE)
                .inNamespace("gloo-system")
                .withName(name)
                .get());
    }

    private void service(Service service) {
        client.services()
                .inNamespace(service.getMetadata().getNamespace())
                .resource(service)
                .create();
        if (service.getStatus() != null) {
            client.services()
                    .inNamespace(service.getMetadata().getNamespace())
                    .resource(service)
                    .updateStatus();
        }
    }

    private void node(String name, String internalIp) {
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewStatus()
                        .addNewAddress()
                        .withType("InternalIP")
                        .withAddress(internalIp)
                        .endAddress()
                        .addNewAddress()
                        .withType("Hostname")
                        .withAddress(name)
                        .endAddress()
                        .endStatus()
                        .build())
                .create();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
