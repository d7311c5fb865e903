package dev.spillway.server.cli;

import dev.spillway.server.ControlPlane;
import dev.spillway.server.DrainPolicy;
import dev.spillway.server.KubeMode;
import dev.spillway.server.source.kube.KubeSources;
import dev.spillway.server.xds.XdsSecurity;
import dev.spillway.server.xds.XdsTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spillway serve}: the control plane on a config directory. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves a config directory (one sub-directory per cluster), or Kubernetes clusters",
            "(--kube-cluster / --kube-clusters), over ADS to Envoy and",
            "proxyless gRPC clients, watching it for changes, with the admin HTTP endpoints",
            "(/healthz /readyz /metrics /status /failover /ui /config_dump?group=<cluster>/<proxy>)."
        })
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config-dir",
            defaultValue = "examples/failover",
            description = "config directory (default: ${DEFAULT-VALUE}); ignored in Kubernetes mode")
    Path dir;

    @Option(
            names = "--kube-cluster",
            paramLabel = "NAME=CONTEXT",
            description = {
                "Kubernetes mode: a federation cluster and its kubeconfig context (repeatable;",
                "an empty context is the current one, or the pod's own cluster)"
            })
    List<String> kubeClusters = new ArrayList<>();

    @Option(
            names = "--kube-clusters",
            paramLabel = "FILE",
            description = {
                "Kubernetes mode: spillway.dev/v1 Cluster documents naming each cluster and how to",
                "reach it: spec.kubeconfigSecret (the Secret `spillway cluster register` stores, read",
                "in the cluster Spillway runs in and re-read when it changes), else spec.kubeContext;",
                "with neither, the cluster Spillway runs in"
            })
    Path kubeClustersFile;

    @Option(names = "--kubeconfig", description = "kubeconfig file for Kubernetes mode (default: the usual lookup)")
    Path kubeconfig;

    @Option(
            names = "--lease-namespace",
            defaultValue = "${env:POD_NAMESPACE:-spillway-system}",
            description = "namespace of the status writers' leader-election Lease (default: ${DEFAULT-VALUE})")
    String leaseNamespace;

    @Option(
            names = "--discovery",
            defaultValue = "write",
            paramLabel = "write|read-only",
            description = {
                "Kubernetes mode: write: discovered Upstreams are written as Upstream objects in",
                "gloo-system, as Gloo's discovery writes them (kubectl get/patch upstream); read-only: kept",
                "in memory, for clusters where Spillway may not write (default: ${DEFAULT-VALUE})"
            })
    String discovery;

    @Option(
            names = "--write-clusters",
            defaultValue = "own",
            split = ",",
            paramLabel = "own|all|NAME[,NAME...]",
            description = {
                "Kubernetes mode: whose statuses and discovered Upstreams this install writes, so that",
                "exactly one install writes each: own (default): the cluster it runs in (one install per",
                "cluster); all: every registered cluster (one management install for all clusters)"
            })
    List<String> writeClusters;

    @Option(names = "--xds-port", defaultValue = "9977", description = "ADS gRPC port (default: ${DEFAULT-VALUE})")
    int xdsPort;

    @Option(
            names = "--xds-address",
            paramLabel = "ADDRESS",
            description = {
                "ADS bind address (default: 0.0.0.0 with --xds-tls-cert, else 127.0.0.1: without TLS",
                "secrets would go unauthenticated to anyone who can reach the port)"
            })
    String xdsAddress;

    @Option(
            names = "--xds-tls-cert",
            paramLabel = "FILE",
            description = "PEM server certificate (chain) of the ADS port; re-read when it changes")
    Path xdsTlsCert;

    @Option(names = "--xds-tls-key", paramLabel = "FILE", description = "PEM (PKCS#8) private key of --xds-tls-cert")
    Path xdsTlsKey;

    @Option(
            names = "--xds-client-ca",
            paramLabel = "FILE",
            description = {
                "PEM CA certificate(s): proxies must present a client certificate it signed, whose URI SAN",
                "spiffe://<trust-domain>/cluster/<cluster>/proxy/<proxy> (proxy * for the whole cluster,",
                ".../cluster/<cluster>/proxyless for gRPC clients) names the group they ask for"
            })
    Path xdsClientCa;

    @Option(
            names = "--xds-trust-domain",
            defaultValue = "spillway",
            description = "SPIFFE trust domain of client certificate identities (default: ${DEFAULT-VALUE})")
    String xdsTrustDomain;

    @Option(names = "--admin-port", defaultValue = "9091", description = "admin HTTP port (default: ${DEFAULT-VALUE})")
    int adminPort;

    @Option(
            names = "--admin-address",
            defaultValue = "127.0.0.1",
            description = "admin HTTP bind address (default: ${DEFAULT-VALUE})")
    String adminAddress;

    @Option(
            names = "--debounce",
            defaultValue = "100ms",
            description = "quiet period before a burst of changes is translated (default: ${DEFAULT-VALUE})")
    String debounce;

    @Option(
            names = "--max-delay",
            defaultValue = "1s",
            description = "longest a change waits for a burst to end (default: ${DEFAULT-VALUE})")
    String maxDelay;

    @Option(
            names = "--load-report-interval",
            defaultValue = "10s",
            description =
                    "how often proxies report their load per FailoverScheme tier (LRS) (default: ${DEFAULT-VALUE})")
    String loadReportInterval;

    @Option(
            names = "--drain-delay",
            defaultValue = "5s",
            description = {
                "on SIGTERM, how long /readyz answers 503 before the xDS port sends GOAWAY and ends the streams:",
                "the time for the Service's endpoints to drop this replica (default: ${DEFAULT-VALUE})"
            })
    String drainDelay;

    @Option(
            names = "--drain-timeout",
            defaultValue = "20s",
            description = {
                "on SIGTERM, how long the ended xDS streams get to close after GOAWAY before they are cut",
                "(default: ${DEFAULT-VALUE}); terminationGracePeriodSeconds must exceed the delay plus this"
            })
    String drainTimeout;

    @Override
    public Integer call() throws Exception {
        DrainPolicy drain = new DrainPolicy(
                DurationOption.parse("--drain-delay", drainDelay),
                DurationOption.parse("--drain-timeout", drainTimeout));
        ControlPlane.Settings settings = new ControlPlane.Settings(
                dir,
                xdsPort,
                adminAddress,
                adminPort,
                DurationOption.parse("--debounce", debounce),
                DurationOption.parse("--max-delay", maxDelay),
                xdsSecurity(),
                DurationOption.parse("--load-report-interval", loadReportInterval));
        if (kubeClusters.isEmpty() && kubeClustersFile == null) {
            ControlPlane plane = ControlPlane.start(settings, System.out);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> plane.drain(drain), "spillway-shutdown"));
            plane.awaitClosed();
            return 0;
        }
        List<KubeSources.Registration> registrations = new ArrayList<>(KubeSources.parse(kubeClusters));
        if (kubeClustersFile != null) {
            registrations.addAll(KubeMode.registrations(kubeClustersFile));
        }
        KubeMode.Discovery mode = switch (discovery) {
            case "write" -> KubeMode.Discovery.WRITE;
            case "read-only" -> KubeMode.Discovery.READ_ONLY;
            default ->
                throw new picocli.CommandLine.ParameterException(
                        new picocli.CommandLine(new ServeCommand()),
                        "--discovery " + discovery + " must be write or read-only");
        };
        KubeMode kube = KubeMode.connect(
                registrations,
                kubeconfig,
                KubeMode.Options.in(leaseNamespace).withDiscovery(mode).writing(writeClusters));
        ControlPlane plane = ControlPlane.start(settings, kube.source(), System.out);
        kube.attach(plane);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            plane.drain(drain);
                            // Releases the Lease: the other replica writes statuses at once.
                            kube.close();
                        },
                        "spillway-shutdown"));
        plane.awaitClosed();
        return 0;
    }

    private XdsSecurity xdsSecurity() {
        if ((xdsTlsCert == null) != (xdsTlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--xds-tls-cert and --xds-tls-key go together");
        }
        if (xdsClientCa != null && xdsTlsCert == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--xds-client-ca needs --xds-tls-cert and --xds-tls-key (client certificates are a TLS feature)");
        }
        XdsTls tls = xdsTlsCert == null ? null : new XdsTls(xdsTlsCert, xdsTlsKey, xdsClientCa, XdsTls.DEFAULT_RELOAD);
        return new XdsSecurity(xdsAddress, tls, xdsTrustDomain);
    }

    /** Durations as operators write them: {@code 100ms}, {@code 1s}, {@code 2m}. */
    static final class DurationOption {
        private DurationOption() {}

        static Duration parse(String option, String text) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(text.trim());
            if (!m.matches()) {
                throw new picocli.CommandLine.ParameterException(
                        new picocli.CommandLine(new ServeCommand()),
                        option + " " + text + " is not a duration such as 100ms, 1s or 2m");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
    }
}
