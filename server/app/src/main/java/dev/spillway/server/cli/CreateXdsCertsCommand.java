package dev.spillway.server.cli;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.server.cli.edit.Checks;
import dev.spillway.server.cli.edit.Commands;
import dev.spillway.server.cli.edit.EditException;
import dev.spillway.server.cli.edit.KubeClients;
import dev.spillway.server.cli.edit.KubeKinds;
import dev.spillway.server.cli.edit.KubeTarget;
import dev.spillway.server.cli.edit.KubeWrites;
import dev.spillway.server.xds.CertificateAuthority;
import dev.spillway.server.xds.SpiffeId;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spillway create xds-certs}: the certificates of an mTLS xDS port. A CA (reused when it exists), the
 * server certificate, and one client certificate per proxy group whose URI SAN is the group's identity.
 */
@Command(
        name = "xds-certs",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Creates the certificates of an mTLS xDS port: a CA (reused if it already exists), the "
                    + "server certificate for `serve --xds-tls-cert/--xds-tls-key/--xds-client-ca`, and one client "
                    + "certificate per proxy group (--group), whose URI SAN "
                    + "spiffe://<trust-domain>/cluster/<cluster>/proxy/<proxy> is the identity the control plane checks.",
            "Directory mode (--out-dir DIR) writes PEM files (keys readable by the owner only). Kubernetes "
                    + "mode (--context C, or the current context) creates or replaces kubernetes.io/tls Secrets with "
                    + "ca.crt: spillway-xds-ca and spillway-xds-server in --namespace, spillway-xds-client-<proxy> "
                    + "in --proxy-namespace (run it once per cluster, with that cluster's groups)."
        },
        footer = {
            "",
            "The shipped deploy/ manifests, one run per cluster:",
            "  spillway create xds-certs --context gloo-fed --group local/gateway-proxy",
            "  spillway create xds-certs --context gloo-fed-2 --group remote/gateway-proxy",
            "make run's files:",
            "  spillway create xds-certs --out-dir envoy-configs/xds-certs \\",
            "      --group local/gateway-proxy --group remote/gateway-proxy"
        })
public final class CreateXdsCertsCommand implements Callable<Integer> {
    static final String CA_SECRET = "spillway-xds-ca";
    static final String SERVER_SECRET = "spillway-xds-server";
    private static final String SERVER = "server";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--group",
            required = true,
            paramLabel = "CLUSTER/PROXY",
            description = {
                "a proxy group to issue a client certificate for (repeatable): local/gateway-proxy,",
                "local/* for every proxy of the cluster, local/(proxyless) for its gRPC clients"
            })
    List<String> groups = new ArrayList<>();

    @Option(names = "--out-dir", paramLabel = "DIR", description = "directory mode: where the PEM files go")
    Path outDir;

    @Mixin
    KubeTarget kube;

    @Option(
            names = "--namespace",
            defaultValue = "spillway-system",
            description = "Kubernetes mode: namespace of the CA and server Secrets (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(
            names = "--proxy-namespace",
            defaultValue = "gloo-system",
            description = "Kubernetes mode: namespace of the client Secrets (default: ${DEFAULT-VALUE})")
    String proxyNamespace;

    @Option(
            names = "--server-name",
            paramLabel = "DNS",
            description = {
                "a DNS name or IP of the server certificate (repeatable; default: spillway.<namespace>.svc,",
                "spillway.<namespace>.svc.cluster.local, localhost, 127.0.0.1)"
            })
    List<String> serverNames = new ArrayList<>();

    @Option(
            names = "--trust-domain",
            defaultValue = "spillway",
            description = "SPIFFE trust domain, as serve --xds-trust-domain (default: ${DEFAULT-VALUE})")
    String trustDomain;

    @Option(names = "--days", defaultValue = "365", description = "validity in days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--dry-run", description = "Kubernetes mode: print the Secrets instead of writing them")
    boolean dryRun;

    private final KubeClients clients;

    public CreateXdsCertsCommand() {
        this(KubeClients.KUBECONFIG);
    }

    /** A command that reaches Kubernetes through {@code clients}. */
    public CreateXdsCertsCommand(KubeClients clients) {
        this.clients = clients;
    }

    /** A certificate to write: its Secret or file name, and what it holds. */
    private record Named(String name, CertificateAuthority.Issued issued) {}

    @Override
    public Integer call() throws Exception {
        if (outDir != null && (kube.given() || dryRun)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--context, --kubeconfig and --dry-run are for Kubernetes mode; they do not go with --out-dir");
        }
        if (days <= 0) {
            throw new ParameterException(spec.commandLine(), "--days " + days + " must be positive");
        }
        List<SpiffeId> ids = identities();
        return Commands.guarded(
                spec,
                () -> "xDS certificates in " + kube.describe(),
                () -> outDir != null ? toDirectory(ids) : toCluster(ids));
    }

    private List<SpiffeId> identities() {
        List<SpiffeId> ids = new ArrayList<>();
        for (String text : groups) {
            ProxyGroup group;
            try {
                group = ProxyGroup.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--group " + text + " must be <cluster>/<proxy>");
            }
            ids.add(SpiffeId.of(trustDomain, group));
        }
        return ids;
    }

    private Duration validity() {
        return Duration.ofDays(days);
    }

    private List<String> serverNames() {
        return serverNames.isEmpty() ? defaultServerNames(namespace) : serverNames;
    }

    /** The server certificate's names without --server-name: the Service {@code spillway} and loopback. */
    public static List<String> defaultServerNames(String namespace) {
        return List.of(
                "spillway." + namespace + ".svc",
                "spillway." + namespace + ".svc.cluster.local",
                "localhost",
                "127.0.0.1");
    }

    /** The Kubernetes client Secret of a group's proxies. */
    public static String clientSecret(ProxyGroup group) {
        return clientSecret(SpiffeId.of(SpiffeId.DEFAULT_TRUST_DOMAIN, group));
    }

    /** The server certificate (named {@code server}) and the clients', named by {@code names}. */
    private List<Named> issue(
            CertificateAuthority ca, List<SpiffeId> ids, java.util.function.Function<SpiffeId, String> names) {
        List<Named> out = new ArrayList<>();
        out.add(new Named(SERVER, ca.issueServer(serverNames(), validity())));
        for (SpiffeId id : ids) {
            out.add(new Named(names.apply(id), ca.issueClient(id, validity())));
        }
        return out;
    }

    /** The proxy part of names: {@code all} for {@code *}, {@code proxyless} for gRPC clients. */
    private static String proxyPart(SpiffeId id) {
        return switch (id.proxy()) {
            case SpiffeId.ANY_PROXY -> "all";
            case ProxyGroup.PROXYLESS -> "proxyless";
            default -> id.proxy();
        };
    }

    /**
     * The client Secret of a group, {@code spillway-xds-client-<proxy>}: named by the proxy only, so one
     * gateway-proxy Deployment mounts the same name in every cluster (each cluster gets its own run).
     */
    static String clientSecret(SpiffeId id) {
        return "spillway-xds-client-" + proxyPart(id);
    }

    /** The client files of a group: {@code <cluster>-<proxy>.crt} and {@code .key}. */
    static String clientFile(SpiffeId id) {
        return id.cluster() + "-" + proxyPart(id);
    }

    private int toDirectory(List<SpiffeId> ids) throws IOException {
        Files.createDirectories(outDir);
        Path caCrt = outDir.resolve("ca.crt");
        Path caKey = outDir.resolve("ca.key");
        CertificateAuthority ca;
        if (Files.exists(caCrt) && Files.exists(caKey)) {
            ca = load(caCrt.toString(), Files.readString(caCrt), Files.readString(caKey));
            Commands.say(spec, "using the CA in " + caCrt);
        } else {
            ca = CertificateAuthority.create("spillway-xds-ca", validity());
            writeFile(caCrt, ca.ca().certificatePem(), false);
            writeFile(caKey, ca.ca().privateKeyPem(), true);
        }
        for (Named n : issue(ca, ids, CreateXdsCertsCommand::clientFile)) {
            writeFile(outDir.resolve(n.name() + ".crt"), n.issued().certificatePem(), false);
            writeFile(outDir.resolve(n.name() + ".key"), n.issued().privateKeyPem(), true);
        }
        return 0;
    }

    private void writeFile(Path file, String pem, boolean secret) throws IOException {
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        if (secret) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                Commands.warn(spec, file + ": cannot restrict its permissions on this file system");
            }
        }
        Commands.say(spec, "wrote " + file);
    }

    private int toCluster(List<SpiffeId> ids) {
        Checks.label("--namespace", namespace);
        Checks.label("--proxy-namespace", proxyNamespace);
        Map<String, SpiffeId> byName = new LinkedHashMap<>();
        for (SpiffeId id : ids) {
            SpiffeId before = byName.put(clientSecret(id), id);
            if (before != null && !before.equals(id)) {
                throw new EditException("--group " + before.cluster() + "/" + before.proxy() + " and --group "
                        + id.cluster() + "/" + id.proxy() + " would both be Secret " + proxyNamespace + "/"
                        + clientSecret(id) + ": create each cluster's certificates in its own context");
            }
        }
        try (KubernetesClient client = dryRun ? null : kube.connect(clients)) {
            Secret existing = client == null
                    ? null
                    : client.secrets()
                            .inNamespace(namespace)
                            .withName(CA_SECRET)
                            .get();
            CertificateAuthority ca;
            List<Secret> secrets = new ArrayList<>();
            if (existing != null
                    && existing.getData() != null
                    && existing.getData().containsKey("tls.key")) {
                ca = load(
                        "Secret " + namespace + "/" + CA_SECRET,
                        decode(existing.getData().get("tls.crt")),
                        decode(existing.getData().get("tls.key")));
                Commands.say(spec, "using the CA in Secret " + namespace + "/" + CA_SECRET);
            } else {
                ca = CertificateAuthority.create("spillway-xds-ca", validity());
                secrets.add(secret(namespace, CA_SECRET, ca.ca(), ca));
            }
            for (Named n : issue(ca, ids, CreateXdsCertsCommand::clientSecret)) {
                boolean server = n.name().equals(SERVER);
                secrets.add(
                        secret(server ? namespace : proxyNamespace, server ? SERVER_SECRET : n.name(), n.issued(), ca));
            }
            for (Secret s : secrets) {
                if (client == null) {
                    spec.commandLine().getOut().print("---\n" + KubeKinds.yaml(KubeKinds.tree(s)));
                    continue;
                }
                String ns = s.getMetadata().getNamespace();
                String name = s.getMetadata().getName();
                boolean created = KubeWrites.replace(client, s);
                Commands.say(
                        spec,
                        (created ? "created" : "replaced") + " Secret " + ns + "/" + name + " in " + kube.describe());
            }
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private static Secret secret(
            String namespace, String name, CertificateAuthority.Issued issued, CertificateAuthority ca) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("tls.crt", encode(issued.certificatePem()));
        data.put("tls.key", encode(issued.privateKeyPem()));
        data.put("ca.crt", encode(ca.ca().certificatePem()));
        return new SecretBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .addToLabels("app.kubernetes.io/part-of", "spillway")
                .addToLabels(
                        "spillway.dev/xds-certificate",
                        name.equals(CA_SECRET) ? "ca" : name.equals(SERVER_SECRET) ? "server" : "client")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withData(data)
                .build();
    }

    private static CertificateAuthority load(String where, String certPem, String keyPem) {
        try {
            return CertificateAuthority.load(certPem, keyPem);
        } catch (IllegalArgumentException e) {
            throw new EditException(where + ": not a usable CA: " + e.getMessage());
        }
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String decode(String base64) {
        return base64 == null ? "" : new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
