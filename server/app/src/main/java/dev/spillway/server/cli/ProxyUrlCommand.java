package dev.spillway.server.cli;

import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.Kind;
import dev.spillway.api.source.Inventory;
import dev.spillway.server.cli.edit.Commands;
import dev.spillway.server.cli.edit.EditException;
import dev.spillway.server.cli.edit.KubeClients;
import dev.spillway.server.cli.edit.ProxyUrls;
import dev.spillway.server.cli.edit.Target;
import dev.spillway.server.source.file.ConfigDirectory;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spillway proxy url}: {@code glooctl proxy url}, for a cluster or a config directory. */
@Command(
        name = "url",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints the URL the gateway proxy answers on, as `glooctl proxy url` does.",
            "Kubernetes mode (--context C, or the current context): the address of the port --port of the "
                    + "proxy's Service: its load balancer's ingress, else a node address and the nodePort; for a "
                    + "ClusterIP Service its cluster IP, with a warning that only the cluster reaches it.",
            "File mode (--config-dir DIR --cluster C): the listener of the proxy's HTTP Gateway in DIR/C, on "
                    + "127.0.0.1 when it binds every address (:: or 0.0.0.0)."
        },
        footer = {"", "The user guide's check:", "  PROXY_URL=$(spillway proxy url)", "  curl -v $PROXY_URL"})
public final class ProxyUrlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    @Option(
            names = "--name",
            defaultValue = "gateway-proxy",
            description = "the proxy: its Service (Kubernetes mode), its name in Gateways' proxyNames (file mode)"
                    + " (default: ${DEFAULT-VALUE})")
    String name;

    @Option(
            names = "--namespace",
            defaultValue = "gloo-system",
            description = "the Service's namespace, Kubernetes mode (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(
            names = "--port",
            defaultValue = "http",
            description = "the Service port's name or number; in file mode http, or a Gateway's bindPort"
                    + " (default: ${DEFAULT-VALUE})")
    String port;

    private final KubeClients clients;

    public ProxyUrlCommand() {
        this(KubeClients.KUBECONFIG);
    }

    /** A command that reaches Kubernetes through {@code clients}. */
    public ProxyUrlCommand(KubeClients clients) {
        this.clients = clients;
    }

    @Override
    public Integer call() throws Exception {
        boolean fileMode = target.fileMode();
        return Commands.guarded(
                spec, () -> "Service " + namespace + "/" + name + " in " + target.describeContext(), () -> {
                    Commands.say(spec, fileMode ? fromDirectory() : fromCluster());
                    return 0;
                });
    }

    private String fromDirectory() {
        var dir = target.directory();
        if (!Files.isDirectory(dir.dir())) {
            throw new EditException("no cluster directory " + dir.dir());
        }
        Inventory inventory;
        try {
            inventory = ConfigDirectory.read(dir.root());
        } catch (UncheckedIOException e) {
            throw new EditException(e.getMessage(), e);
        }
        List<Gateway> gateways = inventory.resources().stream()
                .filter(r -> r.kind() == Kind.GATEWAY && r.meta().cluster().equals(dir.cluster()))
                .map(Gateway.class::cast)
                .toList();
        return ProxyUrls.url(
                ProxyUrls.httpGateway(gateways, name, port, dir.dir().toString()));
    }

    private String fromCluster() {
        try (KubernetesClient client = target.connect(clients)) {
            String what = "Service " + namespace + "/" + name;
            Service service =
                    client.services().inNamespace(namespace).withName(name).get();
            if (service == null) {
                throw new EditException("no " + what + " in " + target.describeContext());
            }
            ServicePort servicePort = ProxyUrls.port(service, port);
            String scheme = ProxyUrls.scheme(servicePort);
            String type = service.getSpec().getType() == null
                    ? "ClusterIP"
                    : service.getSpec().getType();
            switch (type) {
                case "LoadBalancer" -> {
                    Optional<String> address = ProxyUrls.loadBalancerAddress(service);
                    if (address.isPresent()) {
                        return ProxyUrls.url(scheme, address.get(), servicePort.getPort());
                    }
                    if (servicePort.getNodePort() == null) {
                        throw new EditException("the load balancer of " + what + " has no address yet");
                    }
                    Commands.warn(
                            spec,
                            "the load balancer of " + what + " has no address yet; using a node address"
                                    + " and the nodePort");
                    return nodeUrl(client, service, servicePort, scheme);
                }
                case "NodePort" -> {
                    return nodeUrl(client, service, servicePort, scheme);
                }
                case "ExternalName" -> {
                    return ProxyUrls.url(scheme, service.getSpec().getExternalName(), servicePort.getPort());
                }
                default -> {
                    String clusterIp = service.getSpec().getClusterIP();
                    if (clusterIp == null || clusterIp.isEmpty() || clusterIp.equals("None")) {
                        throw new EditException(what + " has no cluster IP (headless)");
                    }
                    Commands.warn(
                            spec,
                            what + " is of type ClusterIP: only the cluster reaches "
                                    + clusterIp + "; from here use `kubectl port-forward -n " + namespace + " service/"
                                    + name
                                    + " 8080:" + servicePort.getPort() + "` and http://127.0.0.1:8080");
                    return ProxyUrls.url(scheme, clusterIp, servicePort.getPort());
                }
            }
        }
    }

    private String nodeUrl(KubernetesClient client, Service service, ServicePort servicePort, String scheme) {
        String what = "Service " + namespace + "/" + name;
        if (servicePort.getNodePort() == null || servicePort.getNodePort() == 0) {
            throw new EditException(what + " port " + port + " has no nodePort yet");
        }
        Map<String, String> selector = service.getSpec().getSelector();
        List<Pod> pods = selector == null || selector.isEmpty()
                ? List.of()
                : client.pods()
                        .inNamespace(namespace)
                        .withLabels(selector)
                        .list()
                        .getItems();
        List<Node> nodes = client.nodes().list().getItems();
        String address = ProxyUrls.nodeAddress(pods, nodes)
                .orElseThrow(() -> new EditException(
                        "no node address to reach the nodePort of " + what + " on (" + nodes.size() + " nodes)"));
        return ProxyUrls.url(scheme, address, servicePort.getNodePort());
    }
}
