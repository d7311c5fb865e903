package dev.spillway.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import dev.spillway.api.codec.Decoded;
import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.Kind;
import dev.spillway.api.status.Problem;
import dev.spillway.server.deploy.Kustomization.GeneratedConfigMap;
import dev.spillway.server.deploy.Kustomization.Loaded;
import dev.spillway.translator.xds.pgv.PgvChecker;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.health_check.v3.HealthCheck;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/ as {@code kubectl apply -k} would install it, checked offline: every manifest parses, every
 * name one object gives another exists, Services and probes reach declared ports, the RBAC covers what
 * the Kubernetes source does and no more, and the gateway proxy's bootstrap points at the control plane.
 */
class DeployManifestsTest {
    static final Path DEPLOY = Path.of("../../deploy");
    private static final Path GUIDE_FAILOVER = Path.of("../../api/src/test/resources/guide/failover-gateway.yaml");
    private static final Set<String> BUILT_IN_NAMESPACES = Set.of("default", "kube-system", "kube-public");
    private static final Set<String> CLUSTER_SCOPED =
            Set.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "Cluster");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    /** Every kustomization a user applies: the guide's two clusters and the default Gateway. */
    static Stream<Path> installs() {
        return Stream.of(DEPLOY, DEPLOY.resolve("overlays/remote"));
    }

    static Stream<Path> kustomizations() {
        return Stream.concat(installs(), Stream.of(DEPLOY.resolve("default-gateway")));
    }

    // ---- parsing

    @Test
    void everyFileUnderDeployParsesAndIsPartOfAKustomization() throws IOException {
        Set<Path> used = new TreeSet<>();
        kustomizations().forEach(k -> Kustomization.build(k).files().forEach(f -> used.add(f.normalize())));
        List<Path> all;
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            all = files.filter(Files::isRegularFile)
                    .map(Path::normalize)
                    .sorted()
                    .toList();
        }
        assertThat(all).isNotEmpty();
        for (Path file : all) {
            String name = file.getFileName().toString();
            if (name.equals("README.md")) {
                continue;
            }
            assertThat(name).as("only YAML under deploy/").endsWith(".yaml");
            assertThat(used).as("%s is used by a kustomization", file).contains(file);
            assertThat(Kustomization.readYaml(file)).as("%s is YAML", file).isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyObjectParsesWithoutUnknownFields(Path install) {
        Kustomization build = Kustomization.build(install);

        assertThat(build.objects()).isNotEmpty();
        for (Loaded loaded : build.objects()) {
            HasMetadata object = loaded.object();
            if (object instanceof GenericKubernetesResource generic) {
                // Only Gloo kinds are left generic by fabric8; Spillway must accept them as they are.
                assertThat(generic.getApiVersion()).as("%s", loaded).endsWith(".solo.io/v1");
                assertThat(decodeProblems(loaded.file())).as("%s", loaded).isEmpty();
            } else {
                assertThat(unknownFields(object, object.getKind()))
                        .as("fields fabric8 does not know in %s", loaded)
                        .isEmpty();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("installs")
    void namespacedObjectsNameAnInstalledNamespaceAndNamesAreUnique(Path install) {
        Kustomization build = Kustomization.build(install);
        Set<String> namespaces = new TreeSet<>(BUILT_IN_NAMESPACES);
        build.ofKind("Namespace").forEach(n -> namespaces.add(n.name()));
        Set<String> keys = new TreeSet<>();

        for (Loaded loaded : build.objects()) {
            if (CLUSTER_SCOPED.contains(loaded.kind())) {
                assertThat(loaded.namespace())
                        .as("%s is cluster-scoped", loaded)
                        .isEmpty();
            } else {
                assertThat(namespaces).as("namespace of %s", loaded).contains(loaded.namespace());
            }
            assertThat(keys.add(loaded.kind() + " " + loaded.namespace() + "/" + loaded.name()))
                    .as("%s defined once", loaded)
                    .isTrue();
        }
        for (GeneratedConfigMap cm : build.configMaps().values()) {
            assertThat(namespaces)
                    .as("namespace of generated ConfigMap %s", cm.name())
                    .contains(cm.namespace());
        }
        assertThat(build.ofKind("Namespace")).extracting(Loaded::name).contains("spillway-system", "gloo-system");
    }

    @Test
    void theCrdsAreInstalled() {
        Kustomization build = Kustomization.build(DEPLOY);

        assertThat(build.ofKind("CustomResourceDefinition"))
                .extracting(Loaded::name)
                .containsExactlyInAnyOrder(
                        "upstreams.gloo.solo.io",
                        "gateways.gateway.solo.io",
                        "virtualservices.gateway.solo.io",
                        "failoverschemes.fed.solo.io",
                        "clusters.spillway.dev");
        for (Loaded crd : build.ofKind("CustomResourceDefinition")) {
            assertThat(crd.object()).isInstanceOf(CustomResourceDefinition.class);
        }
    }

    // ---- references between objects

    @ParameterizedTest
    @MethodSource("installs")
    void bindingsNameExistingRolesAndServiceAccounts(Path install) {
        Kustomization build = Kustomization.build(install);
        List<Loaded> bindings = new ArrayList<>(build.ofKind("ClusterRoleBinding"));
        bindings.addAll(build.ofKind("RoleBinding"));
        assertThat(bindings).isNotEmpty();

        for (Loaded loaded : bindings) {
            RoleRef ref;
            List<Subject> subjects;
            if (loaded.object() instanceof ClusterRoleBinding b) {
                ref = b.getRoleRef();
                subjects = b.getSubjects();
            } else {
                RoleBinding b = (RoleBinding) loaded.object();
                ref = b.getRoleRef();
                subjects = b.getSubjects();
            }
            assertThat(ref.getApiGroup()).as("%s", loaded).isEqualTo("rbac.authorization.k8s.io");
            String roleNamespace = ref.getKind().equals("ClusterRole") ? "" : loaded.namespace();
            build.get(ref.getKind(), roleNamespace, ref.getName());
            assertThat(subjects).as("%s", loaded).isNotEmpty();
            for (Subject subject : subjects) {
                assertThat(subject.getKind()).as("%s", loaded).isEqualTo("ServiceAccount");
                assertThat(subject.getNamespace())
                        .as("namespace of a subject of %s", loaded)
                        .isNotBlank();
                build.get("ServiceAccount", subject.getNamespace(), subject.getName());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("installs")
    void deploymentsUseExistingServiceAccountsConfigMapsAndEnvironment(Path install) {
        Kustomization build = Kustomization.build(install);

        for (Loaded loaded : build.ofKind("Deployment")) {
            Deployment deployment = (Deployment) loaded.object();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String ns = loaded.namespace();
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .as("selector of %s", loaded)
                    .isNotEmpty();
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .as("pod labels of %s", loaded)
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            if (pod.getServiceAccountName() != null) {
                build.get("ServiceAccount", ns, pod.getServiceAccountName());
            }
            for (Volume volume : pod.getVolumes()) {
                if (volume.getConfigMap() != null) {
                    assertThat(configMap(build, ns, volume.getConfigMap().getName()))
                            .as(
                                    "ConfigMap %s of volume %s of %s",
                                    volume.getConfigMap().getName(), volume.getName(), loaded)
                            .isPresent();
                }
                if (volume.getSecret() != null) {
                    assertThat(volume.getSecret().getSecretName())
                            .as(
                                    "%s mounts only its xDS TLS Secret: the"
                                            + " source reads the others through the API",
                                    loaded)
                            .startsWith("spillway-xds-");
                }
            }
            for (Container container : pod.getContainers()) {
                String where = loaded + " container " + container.getName();
                Set<String> volumes = new TreeSet<>();
                pod.getVolumes().forEach(v -> volumes.add(v.getName()));
                for (VolumeMount mount : container.getVolumeMounts()) {
                    assertThat(volumes)
                            .as("volume of mount %s in %s", mount.getMountPath(), where)
                            .contains(mount.getName());
                }
                Set<String> env = new TreeSet<>();
                for (EnvVar var : container.getEnv()) {
                    env.add(var.getName());
                    if (var.getValueFrom() != null && var.getValueFrom().getConfigMapKeyRef() != null) {
                        var ref = var.getValueFrom().getConfigMapKeyRef();
                        Optional<GeneratedConfigMap> cm = configMap(build, ns, ref.getName());
                        assertThat(cm)
                                .as("ConfigMap %s of env %s in %s", ref.getName(), var.getName(), where)
                                .isPresent();
                        assertThat(cm.get().data())
                                .as("key %s of ConfigMap %s (%s)", ref.getKey(), ref.getName(), where)
                                .containsKey(ref.getKey());
                    }
                }
                for (String arg : args(container)) {
                    Matcher m = ENV_REFERENCE.matcher(arg);
                    while (m.find()) {
                        assertThat(env)
                                .as("variable $(%s) in the arguments of %s", m.group(1), where)
                                .contains(m.group(1));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("installs")
    void filesNamedInArgumentsAreMountedFromConfigMaps(Path install) {
        Kustomization build = Kustomization.build(install);

        for (Loaded loaded : build.ofKind("Deployment")) {
            PodSpec pod = ((Deployment) loaded.object()).getSpec().getTemplate().getSpec();
            for (Container container : pod.getContainers()) {
                for (String arg : args(container)) {
                    if (arg.startsWith("/") && arg.matches("/[\\w./-]+\\.yaml")) {
                        assertThat(mountedFile(build, loaded.namespace(), pod, container, arg))
                                .as("%s: argument %s is a file of a mounted ConfigMap", loaded, arg)
                                .isPresent();
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("installs")
    void servicesSelectPodsThatHaveTheirTargetPorts(Path install) {
        Kustomization build = Kustomization.build(install);
        assertThat(build.ofKind("Service")).isNotEmpty();

        for (Loaded loaded : build.ofKind("Service")) {
            Service service = (Service) loaded.object();
            Map<String, String> selector = service.getSpec().getSelector();
            assertThat(selector).as("selector of %s", loaded).isNotEmpty();
            List<Deployment> selected = deployments(build, loaded.namespace(), selector);
            assertThat(selected).as("Deployments whose pods %s selects", loaded).isNotEmpty();
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(port.getName()).as("ports of %s are named", loaded).isNotBlank();
                IntOrString target =
                        port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                for (Deployment deployment : selected) {
                    assertThat(containerPort(deployment.getSpec().getTemplate().getSpec(), target))
                            .as(
                                    "target port %s of %s port %s in Deployment %s",
                                    target,
                                    loaded,
                                    port.getName(),
                                    deployment.getMetadata().getName())
                            .isPresent();
                }
            }
        }
        for (Loaded loaded : build.ofKind("PodDisruptionBudget")) {
            PodDisruptionBudget pdb = (PodDisruptionBudget) loaded.object();
            assertThat(deployments(
                            build,
                            loaded.namespace(),
                            pdb.getSpec().getSelector().getMatchLabels()))
                    .as("Deployments %s covers", loaded)
                    .isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("installs")
    void probesUseDeclaredContainerPorts(Path install) {
        Kustomization build = Kustomization.build(install);

        for (Loaded loaded : build.ofKind("Deployment")) {
            PodSpec pod = ((Deployment) loaded.object()).getSpec().getTemplate().getSpec();
            for (Container container : pod.getContainers()) {
                assertThat(container.getReadinessProbe())
                        .as("readiness probe of %s", loaded)
                        .isNotNull();
                assertThat(container.getResources().getRequests())
                        .as("requests of %s", loaded)
                        .containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits())
                        .as("limits of %s", loaded)
                        .containsKey("memory");
                for (Probe probe : Stream.of(container.getReadinessProbe(), container.getLivenessProbe())
                        .filter(Objects::nonNull)
                        .toList()) {
                    IntOrString port = probe.getHttpGet() != null
                            ? probe.getHttpGet().getPort()
                            : probe.getTcpSocket().getPort();
                    assertThat(containerPort(pod, port))
                            .as("probe port %s of %s", port, loaded)
                            .isPresent();
                }
            }
        }
    }

    // ---- RBAC

    @ParameterizedTest
    @MethodSource("installs")
    void rbacGrantsEverythingTheKubernetesSourceDoes(Path install) {
        Kustomization build = Kustomization.build(install);
        Loaded deployment = build.get("Deployment", Rbac.INSTALL_NAMESPACE, "spillway");
        String account = ((Deployment) deployment.object())
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName();

        for (Rbac.Need need : Rbac.kubeSourceNeeds()) {
            List<PolicyRule> rules = need.namespace().isEmpty()
                    ? clusterRules(build, Rbac.INSTALL_NAMESPACE, account)
                    : namespaceRules(build, need.namespace(), Rbac.INSTALL_NAMESPACE, account);
            for (String verb : need.verbs()) {
                assertThat(rules)
                        .as("%s (verb %s) for ServiceAccount %s/%s", need, verb, Rbac.INSTALL_NAMESPACE, account)
                        .anyMatch(r -> Rbac.grants(r, need.apiGroup(), need.resource(), verb));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("installs")
    void rbacGrantsNothingMore(Path install) {
        Kustomization build = Kustomization.build(install);
        List<PolicyRule> rules = new ArrayList<>();
        build.ofKind("ClusterRole").forEach(r -> rules.addAll(((ClusterRole) r.object()).getRules()));
        build.ofKind("Role").forEach(r -> rules.addAll(((Role) r.object()).getRules()));
        assertThat(rules).isNotEmpty();

        for (PolicyRule rule : rules) {
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getVerbs()).doesNotContain("*", "deletecollection", "escalate", "bind", "impersonate");
            if (rule.getVerbs().contains("delete")) {
                // Upstream discovery deletes the Upstreams it wrote when their Service goes; nothing else is deleted.
                assertThat(rule.getApiGroups()).as("delete").containsExactly("gloo.solo.io");
                assertThat(rule.getResources()).as("delete").containsExactly("upstreams");
            }
            for (String resource : rule.getResources()) {
                for (String verb : rule.getVerbs()) {
                    boolean needed = Rbac.kubeSourceNeeds().stream()
                            .anyMatch(n -> n.resource().equals(resource)
                                    && rule.getApiGroups().contains(n.apiGroup())
                                    && n.verbs().contains(verb));
                    assertThat(needed)
                            .as(
                                    "%s on %s (API groups %s) is granted but nothing needs it",
                                    verb,
                                    resource,
                                    rule.getApiGroups().stream()
                                            .map(g -> g.isEmpty() ? "core" : g)
                                            .toList())
                            .isTrue();
                }
            }
        }
        // Writes (other than status and discovered Upstreams) only where the control plane lives: Leases
        // through a Role there.
        for (Loaded role : build.ofKind("ClusterRole")) {
            for (PolicyRule rule : ((ClusterRole) role.object()).getRules()) {
                if (!rule.getResources().stream().allMatch(r -> r.endsWith("/status") || r.equals("upstreams"))) {
                    assertThat(rule.getVerbs())
                            .as("%s grants only reads outside status", role)
                            .isSubsetOf("get", "list", "watch");
                }
            }
        }
        for (Loaded role : build.ofKind("Role")) {
            assertThat(role.namespace()).as("%s", role).isEqualTo(Rbac.INSTALL_NAMESPACE);
        }
    }

    // ---- the control plane

    @ParameterizedTest
    @MethodSource("installs")
    void controlPlaneServesXdsAndAdminOnItsServicePorts(Path install) {
        Kustomization build = Kustomization.build(install);
        Deployment deployment = (Deployment)
                build.get("Deployment", "spillway-system", "spillway").object();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        List<String> args = args(container);
        Service service =
                (Service) build.get("Service", "spillway-system", "spillway").object();

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container.getImage()).isEqualTo("ghcr.io/spillway/spillway:0.1.0");
        assertThat(args.get(0)).isEqualTo("serve");
        assertThat(option(args, "--kube-clusters")).isEqualTo("/etc/spillway/clusters.yaml");
        assertThat(option(args, "--admin-address"))
                .as("admin reachable by probes and the Service")
                .isEqualTo("0.0.0.0");
        assertThat(containerPort(pod, new IntOrString("grpc-xds")).orElseThrow().getContainerPort())
                .isEqualTo(Integer.parseInt(option(args, "--xds-port")))
                .isEqualTo(9977);
        assertThat(containerPort(pod, new IntOrString("http-admin"))
                        .orElseThrow()
                        .getContainerPort())
                .isEqualTo(Integer.parseInt(option(args, "--admin-port")))
                .isEqualTo(9091);
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("http-admin"));
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getLivenessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("http-admin"));
        assertThat(container.getEnv())
                .anyMatch(e -> e.getName().equals("POD_NAME")
                        && e.getValueFrom() != null
                        && e.getValueFrom().getFieldRef().getFieldPath().equals("metadata.name"));
        assertThat(service.getSpec().getPorts())
                .extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("grpc-xds", 9977),
                        org.assertj.core.groups.Tuple.tuple("http-admin", 9091));
    }

    /**
     * SIGTERM starts the drain in the process ({@code --drain-delay}, then GOAWAY and up to
     * {@code --drain-timeout}): the pod must be given longer than both before the kubelet kills it, and no
     * preStop hook adds its time in front.
     */
    @ParameterizedTest
    @MethodSource("installs")
    void theGracePeriodOutlastsTheDrain(Path install) {
        Kustomization build = Kustomization.build(install);
        PodSpec pod = ((Deployment)
                        build.get("Deployment", "spillway-system", "spillway").object())
                .getSpec()
                .getTemplate()
                .getSpec();
        Container container = pod.getContainers().get(0);
        List<String> args = args(container);
        long drain = seconds(option(args, "--drain-delay")) + seconds(option(args, "--drain-timeout"));

        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(drain);
        assertThat(container.getLifecycle() == null || container.getLifecycle().getPreStop() == null)
                .as("no preStop: the drain delay is in the process")
                .isTrue();
    }

    private static long seconds(String duration) {
        assertThat(duration).matches("\\d+s");
        return Long.parseLong(duration.substring(0, duration.length() - 1));
    }

    /**
     * The control plane serves xDS over mTLS from the Secret {@code spillway create xds-certs} writes, and
     * the gateway proxy connects with the client Secret it writes for proxy gateway-proxy, verifying the
     * Service's name, which the server certificate carries by default.
     */
    @ParameterizedTest
    @MethodSource("installs")
    void xdsIsMutualTlsWithTheSecretsCreateXdsCertsWrites(Path install) throws Exception {
        Kustomization build = Kustomization.build(install);
        PodSpec plane = ((Deployment)
                        build.get("Deployment", "spillway-system", "spillway").object())
                .getSpec()
                .getTemplate()
                .getSpec();
        List<String> args = args(plane.getContainers().get(0));
        assertThat(args).doesNotContain("--xds-address");
        for (String[] option : new String[][] {
            {"--xds-tls-cert", "tls.crt"}, {"--xds-tls-key", "tls.key"}, {"--xds-client-ca", "ca.crt"}
        }) {
            assertThat(mountedSecretKey(plane, plane.getContainers().get(0), option(args, option[0])))
                    .as("%s of the control plane", option[0])
                    .contains("spillway-xds-server/" + option[1]);
        }

        PodSpec proxy = ((Deployment)
                        build.get("Deployment", "gloo-system", "gateway-proxy").object())
                .getSpec()
                .getTemplate()
                .getSpec();
        Bootstrap bootstrap = parseBootstrap(build.configMaps()
                .get("gloo-system/gateway-proxy-bootstrap")
                .data()
                .get("envoy.yaml"));
        UpstreamTlsContext tls = bootstrap
                .getStaticResources()
                .getClusters(0)
                .getTransportSocket()
                .getTypedConfig()
                .unpack(UpstreamTlsContext.class);
        CommonTlsContext common = tls.getCommonTlsContext();
        String secret = "spillway-xds-client-gateway-proxy/";
        Container envoy = proxy.getContainers().get(0);
        assertThat(mountedSecretKey(
                        proxy,
                        envoy,
                        common.getTlsCertificates(0).getCertificateChain().getFilename()))
                .contains(secret + "tls.crt");
        assertThat(mountedSecretKey(
                        proxy,
                        envoy,
                        common.getTlsCertificates(0).getPrivateKey().getFilename()))
                .contains(secret + "tls.key");
        assertThat(mountedSecretKey(
                        proxy,
                        envoy,
                        common.getValidationContext().getTrustedCa().getFilename()))
                .contains(secret + "ca.crt");
        assertThat(common.getAlpnProtocolsList()).containsExactly("h2");
        assertThat(tls.getSni()).isEqualTo("spillway.spillway-system.svc");
        assertThat(common.getValidationContext()
                        .getMatchTypedSubjectAltNames(0)
                        .getMatcher()
                        .getExact())
                .isEqualTo(tls.getSni());
        assertThat(dev.spillway.server.cli.CreateXdsCertsCommand.defaultServerNames("spillway-system"))
                .contains(tls.getSni());
        assertThat(dev.spillway.server.cli.CreateXdsCertsCommand.clientSecret(new dev.spillway.api.model.ProxyGroup(
                        "local", bootstrap.getNode().getCluster())))
                .isEqualTo("spillway-xds-client-gateway-proxy");
    }

    /** {@code secret/key} of the Secret volume a container sees at {@code path}, if one holds it. */
    private static Optional<String> mountedSecretKey(PodSpec pod, Container container, String path) {
        for (VolumeMount mount : container.getVolumeMounts()) {
            String prefix = mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/";
            if (!path.startsWith(prefix)) {
                continue;
            }
            Volume volume = pod.getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName()))
                    .findFirst()
                    .orElseThrow();
            if (volume.getSecret() != null) {
                assertThat(mount.getReadOnly())
                        .as("mount of Secret %s", volume.getSecret().getSecretName())
                        .isTrue();
                return Optional.of(volume.getSecret().getSecretName() + "/" + path.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    @ParameterizedTest
    @MethodSource("installs")
    void theClustersFileRegistersTheProxysClusterAsTheOneTheControlPlaneRunsIn(Path install) throws IOException {
        Kustomization build = Kustomization.build(install);
        String clustersYaml = build.configMaps()
                .get("spillway-system/spillway-clusters")
                .data()
                .get("clusters.yaml");
        String proxyCluster = build.configMaps()
                .get("gloo-system/gateway-proxy-cluster")
                .data()
                .get("cluster");

        DecodedFile decoded = ResourceDecoder.decode("management", "clusters.yaml", clustersYaml);
        assertThat(decoded.fileProblem()).isNull();
        assertThat(decoded.documents()).isNotEmpty().allMatch(d -> d.key().kind() == Kind.CLUSTER);
        assertThat(decoded.documents()).allMatch(d -> !d.rejected());
        List<String> inCluster = new ArrayList<>();
        for (JsonNode doc : new ObjectMapper(new YAMLFactory())
                .readerFor(JsonNode.class)
                .<JsonNode>readValues(clustersYaml)
                .readAll()) {
            JsonNode spec = doc.path("spec");
            if (!spec.has("kubeContext") && !spec.has("kubeconfigSecret")) {
                inCluster.add(doc.path("metadata").path("name").asText());
            } else {
                assertThat(spec.path("kubeconfigSecret").path("namespace").asText())
                        .as("kubeconfig Secrets are kept with the control plane")
                        .isEqualTo("spillway-system");
            }
        }
        assertThat(inCluster)
                .as("exactly one cluster reached through the service account")
                .hasSize(1);
        assertThat(proxyCluster)
                .as("the gateway proxy belongs to the cluster it runs in")
                .isEqualTo(inCluster.get(0));
        assertThat(decoded.documents())
                .extracting(d -> ((ClusterRegistration) d.resource()).meta().name())
                .contains(proxyCluster);
    }

    // ---- the gateway proxy

    @ParameterizedTest
    @MethodSource("installs")
    void gatewayProxyBootstrapPointsAtTheControlPlaneService(Path install) throws Exception {
        Kustomization build = Kustomization.build(install);
        String envoyYaml = build.configMaps()
                .get("gloo-system/gateway-proxy-bootstrap")
                .data()
                .get("envoy.yaml");
        Bootstrap bootstrap = parseBootstrap(envoyYaml);
        Service xds =
                (Service) build.get("Service", "spillway-system", "spillway").object();
        int xdsPort = xds.getSpec().getPorts().stream()
                .filter(p -> p.getName().equals("grpc-xds"))
                .findFirst()
                .orElseThrow()
                .getPort();

        assertThat(new PgvChecker(anyTypes()).check(bootstrap)).isEmpty();
        assertThat(bootstrap.getNode().getCluster()).isEqualTo("gateway-proxy");
        assertThat(bootstrap
                        .getDynamicResources()
                        .getAdsConfig()
                        .getGrpcServices(0)
                        .getEnvoyGrpc()
                        .getClusterName())
                .isEqualTo("spillway-xds");
        SocketAddress address = bootstrap
                .getStaticResources()
                .getClusters(0)
                .getLoadAssignment()
                .getEndpoints(0)
                .getLbEndpoints(0)
                .getEndpoint()
                .getAddress()
                .getSocketAddress();
        assertThat(address.getAddress()).isEqualTo("spillway.spillway-system.svc");
        assertThat(address.getPortValue()).isEqualTo(xdsPort);
        assertThat(bootstrap.getAdmin().getAddress().getSocketAddress().getAddress())
                .isEqualTo("127.0.0.1");
    }

    @ParameterizedTest
    @MethodSource("installs")
    void gatewayProxyPodsNameTheirClusterAndAreProbedOnTheReadinessListener(Path install) throws Exception {
        Kustomization build = Kustomization.build(install);
        Deployment deployment = (Deployment)
                build.get("Deployment", "gloo-system", "gateway-proxy").object();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container envoy = pod.getContainers().get(0);
        List<String> args = args(envoy);
        Bootstrap bootstrap = parseBootstrap(build.configMaps()
                .get("gloo-system/gateway-proxy-bootstrap")
                .data()
                .get("envoy.yaml"));

        assertThat(envoy.getImage()).isEqualTo("envoyproxy/envoy:v1.31.2");
        // Envoy merges --config-yaml over the file with protobuf's MergeFrom.
        Bootstrap merged = bootstrap.toBuilder()
                .mergeFrom(parseBootstrap(option(args, "--config-yaml")))
                .build();
        assertThat(merged.getNode().getCluster()).isEqualTo("gateway-proxy");
        assertThat(merged.getNode().getId()).isEqualTo("$(POD_NAME).$(POD_NAMESPACE)");
        assertThat(merged.getNode().getMetadata().getFieldsOrThrow("cluster").getStringValue())
                .isEqualTo("$(SPILLWAY_CLUSTER)");
        assertThat(envoy.getEnv())
                .anyMatch(e -> e.getName().equals("SPILLWAY_CLUSTER")
                        && e.getValueFrom().getConfigMapKeyRef().getName().equals("gateway-proxy-cluster"));
        Listener readiness = bootstrap.getStaticResources().getListenersList().stream()
                .filter(l -> l.getName().equals("readiness"))
                .findFirst()
                .orElseThrow();
        assertThat(containerPort(pod, envoy.getReadinessProbe().getHttpGet().getPort())
                        .orElseThrow()
                        .getContainerPort())
                .isEqualTo(readiness.getAddress().getSocketAddress().getPortValue());
        HealthCheck health = readiness
                .getFilterChains(0)
                .getFilters(0)
                .getTypedConfig()
                .unpack(HttpConnectionManager.class)
                .getHttpFilters(0)
                .getTypedConfig()
                .unpack(HealthCheck.class);
        assertThat(health.getPassThroughMode().getValue()).isFalse();
        assertThat(health.getHeaders(0).getStringMatch().getExact())
                .isEqualTo(envoy.getReadinessProbe().getHttpGet().getPath());
    }

    @ParameterizedTest
    @MethodSource("installs")
    void gatewayProxyServiceExposesHttpOnPort80(Path install) {
        Kustomization build = Kustomization.build(install);
        Service service =
                (Service) build.get("Service", "gloo-system", "gateway-proxy").object();

        ServicePort http = service.getSpec().getPorts().stream()
                .filter(p -> p.getName().equals("http"))
                .findFirst()
                .orElseThrow();
        assertThat(http.getPort()).isEqualTo(80);
        assertThat(http.getTargetPort()).isEqualTo(new IntOrString(8080));
        assertThat(service.getSpec().getType()).isIn("LoadBalancer", "NodePort");
    }

    @Test
    void failoverServiceIsTheGuides() {
        Kustomization build = Kustomization.build(DEPLOY);
        Service deployed =
                (Service) build.get("Service", "gloo-system", "failover").object();
        Service guide = Kustomization.load(GUIDE_FAILOVER).stream()
                .filter(Service.class::isInstance)
                .map(Service.class::cast)
                .findFirst()
                .orElseThrow();

        assertThat(deployed.getSpec()).isEqualTo(guide.getSpec());
        assertThat(deployed.getMetadata().getLabels())
                .isEqualTo(guide.getMetadata().getLabels());
        ServicePort port = deployed.getSpec().getPorts().get(0);
        assertThat(port.getName()).isEqualTo("failover");
        assertThat(port.getPort()).isEqualTo(15443);
        assertThat(port.getNodePort()).isEqualTo(32000);
        assertThat(deployed.getSpec().getType()).isEqualTo("LoadBalancer");
    }

    /** Gloo's gatewayProxies.NAME.failover.enabled=true, as the component both installs use. */
    @ParameterizedTest
    @MethodSource("installs")
    void everyInstallHasTheGuidesFailoverGatewayAndService(Path install) {
        Kustomization build = Kustomization.build(install);
        Object deployed = ((io.fabric8.kubernetes.api.model.GenericKubernetesResource)
                        build.get("Gateway", "gloo-system", "failover-gateway").object())
                .getAdditionalProperties()
                .get("spec");
        Object guide = Kustomization.load(GUIDE_FAILOVER).stream()
                .filter(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class::isInstance)
                .map(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class::cast)
                .findFirst()
                .orElseThrow()
                .getAdditionalProperties()
                .get("spec");

        assertThat(deployed).isEqualTo(guide);
        assertThat(build.get("Service", "gloo-system", "failover").file().toString())
                .contains("components/failover-gateway");
    }

    @Test
    void theDefaultGatewayIsTheHttpListenerTheGatewayProxyServiceTargets() {
        Kustomization gateways = Kustomization.build(DEPLOY.resolve("default-gateway"));
        Kustomization build = Kustomization.build(DEPLOY);
        Loaded gateway = gateways.get("Gateway", "gloo-system", "gateway-proxy");
        Service service =
                (Service) build.get("Service", "gloo-system", "gateway-proxy").object();

        DecodedFile decoded = ResourceDecoder.decode(
                "local", gateway.file().getFileName().toString(), Kustomization.read(gateway.file()));
        dev.spillway.api.model.Gateway model =
                (dev.spillway.api.model.Gateway) decoded.documents().get(0).resource();
        assertThat(model.http()).isNotNull();
        assertThat(model.proxyNames()).containsExactly("gateway-proxy");
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getIntVal())
                .isEqualTo(model.bindPort());
    }

    // ---- helpers

    /** Problems Spillway reports for the documents of a file; none for a file it accepts unchanged. */
    private static List<Problem> decodeProblems(Path file) {
        DecodedFile decoded = ResourceDecoder.decode("local", file.getFileName().toString(), Kustomization.read(file));
        List<Problem> problems = new ArrayList<>();
        if (decoded.fileProblem() != null) {
            problems.add(decoded.fileProblem());
        }
        decoded.documents().stream().map(Decoded::problems).forEach(problems::addAll);
        return problems;
    }

    private static Optional<GeneratedConfigMap> configMap(Kustomization build, String namespace, String name) {
        return Optional.ofNullable(build.configMaps().get(namespace + "/" + name));
    }

    private static List<String> args(Container container) {
        return container.getArgs();
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        assertThat(i).as("option %s in %s", name, args).isNotNegative();
        return args.get(i + 1);
    }

    private static List<Deployment> deployments(Kustomization build, String namespace, Map<String, String> selector) {
        return build.ofKind("Deployment").stream()
                .filter(d -> d.namespace().equals(namespace))
                .map(d -> (Deployment) d.object())
                .filter(d -> d.getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(selector.entrySet()))
                .toList();
    }

    private static Optional<ContainerPort> containerPort(PodSpec pod, IntOrString port) {
        return pod.getContainers().stream()
                .flatMap(c -> c.getPorts().stream())
                .filter(p -> port.getIntVal() != null
                        ? port.getIntVal().equals(p.getContainerPort())
                        : port.getStrVal().equals(p.getName()))
                .findFirst();
    }

    /** The content of a file a container sees at {@code path}, when a ConfigMap volume holds it. */
    private static Optional<String> mountedFile(
            Kustomization build, String namespace, PodSpec pod, Container container, String path) {
        for (VolumeMount mount : container.getVolumeMounts()) {
            String prefix = mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/";
            if (!path.startsWith(prefix)) {
                continue;
            }
            Volume volume = pod.getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName()))
                    .findFirst()
                    .orElseThrow();
            if (volume.getConfigMap() != null) {
                return configMap(build, namespace, volume.getConfigMap().getName())
                        .map(cm -> cm.data().get(path.substring(prefix.length())));
            }
        }
        return Optional.empty();
    }

    private static List<PolicyRule> clusterRules(Kustomization build, String namespace, String account) {
        List<PolicyRule> rules = new ArrayList<>();
        for (Loaded loaded : build.ofKind("ClusterRoleBinding")) {
            ClusterRoleBinding binding = (ClusterRoleBinding) loaded.object();
            if (binds(binding.getSubjects(), namespace, account)) {
                rules.addAll(((ClusterRole) build.get(
                                        "ClusterRole", "", binding.getRoleRef().getName())
                                .object())
                        .getRules());
            }
        }
        return rules;
    }

    private static List<PolicyRule> namespaceRules(
            Kustomization build, String where, String namespace, String account) {
        List<PolicyRule> rules = new ArrayList<>(clusterRules(build, namespace, account));
        for (Loaded loaded : build.ofKind("RoleBinding")) {
            RoleBinding binding = (RoleBinding) loaded.object();
            if (loaded.namespace().equals(where) && binds(binding.getSubjects(), namespace, account)) {
                RoleRef ref = binding.getRoleRef();
                HasMetadata role = ref.getKind().equals("Role")
                        ? build.get("Role", where, ref.getName()).object()
                        : build.get("ClusterRole", "", ref.getName()).object();
                rules.addAll(role instanceof Role r ? r.getRules() : ((ClusterRole) role).getRules());
            }
        }
        return rules;
    }

    private static boolean binds(List<Subject> subjects, String namespace, String account) {
        return subjects.stream()
                .anyMatch(s -> s.getKind().equals("ServiceAccount")
                        && s.getName().equals(account)
                        && namespace.equals(s.getNamespace()));
    }

    static Bootstrap parseBootstrap(String yaml) throws IOException {
        String json = new ObjectMapper().writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        Bootstrap.Builder b = Bootstrap.newBuilder();
        JsonFormat.parser()
                .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder()
                        .add(HttpProtocolOptions.getDescriptor())
                        .add(HttpConnectionManager.getDescriptor())
                        .add(HealthCheck.getDescriptor())
                        .add(Router.getDescriptor())
                        .add(UpstreamTlsContext.getDescriptor())
                        .build())
                .merge(json, b);
        return b.build();
    }

    private static TypeRegistry anyTypes() {
        return TypeRegistry.newBuilder()
                .add(HttpProtocolOptions.getDescriptor())
                .add(HttpConnectionManager.getDescriptor())
                .add(HealthCheck.getDescriptor())
                .add(Router.getDescriptor())
                .add(UpstreamTlsContext.getDescriptor())
                .build();
    }

    /**
     * The paths of fields fabric8 kept as "additional properties" (fields its model does not have):
     * a misspelt field ({@code readinesProbe}) parses without error, and the API server would drop it.
     */
    static List<String> unknownFields(Object root, String path) {
        List<String> found = new ArrayList<>();
        walk(root, path, found, new IdentityHashMap<>());
        return found;
    }

    private static void walk(Object o, String path, List<String> found, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found, seen));
            return;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers())
                    || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            String field =
                    Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            if (m.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
                extra.keySet().forEach(k -> found.add(path + "." + k));
            } else {
                walk(value, path + "." + field, found, seen);
            }
        }
    }

    @Test
    void unknownFieldsAreFound() {
        Namespace misspelt = Kustomization.KUBE.unmarshal("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: x
                  lables: {a: b}
                """, Namespace.class);

        assertThat(unknownFields(misspelt, "Namespace")).containsExactly("Namespace.metadata.lables");
    }
}
