package dev.spillway.translator.resolve;

import dev.spillway.api.model.Claims;
import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.Gateway.TcpHost;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.model.VirtualService;
import dev.spillway.translator.model.HttpListener;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.TcpListener;
import dev.spillway.translator.model.TcpListener.SniChain;
import dev.spillway.translator.model.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/** Builds the listeners of one cluster's Gateways, and settles which VirtualService owns a domain. */
final class ListenerResolver {
    private static final Comparator<VirtualService> VS_AGE = Age.oldestFirst();

    private final ClusterResources cluster;
    private final StatusBook book;
    private final Map<ResourceKey, VirtualHost> hosts;
    private final Set<String> sniTargets;
    private final SortedMap<String, SortedSet<Double>> healthAnswers;
    /** Gateways already told they serve nothing (one listener per proxy, one warning per Gateway). */
    private final Set<ResourceKey> emptyWarned = new java.util.HashSet<>();

    /**
     * @param sniTargets    the Envoy cluster names this cluster's failover gateways forward to
     * @param healthAnswers the targets its failover gateways answer health checks for, with their shares
     */
    ListenerResolver(
            ClusterResources cluster,
            StatusBook book,
            Map<ResourceKey, VirtualHost> hosts,
            Set<String> sniTargets,
            SortedMap<String, SortedSet<Double>> healthAnswers) {
        this.cluster = cluster;
        this.book = book;
        this.hosts = hosts;
        this.sniTargets = sniTargets;
        this.healthAnswers = healthAnswers;
    }

    /**
     * The VirtualServices an HTTP Gateway serves, oldest first: an {@code ssl: true} Gateway only those with
     * sslConfig, any other only those without; then by expressions, else a selector, else references, else all,
     * the expressions, selector and "all" narrowed to {@code virtualServiceNamespaces} (Gloo's
     * HttpGatewayContainsVirtualService, projects/gateway/pkg/translator/virtual_service_translator.go).
     */
    List<VirtualService> selected(Gateway gateway) {
        Gateway.HttpGateway http = gateway.http();
        List<VirtualService> all = cluster.virtualServices.stream()
                .sorted(VS_AGE)
                .filter(v -> gateway.ssl() == (v.ssl() != null))
                .toList();
        if (http.virtualServiceExpressions() != null) {
            return all.stream()
                    .filter(v -> LabelExpressions.matchAll(
                                    http.virtualServiceExpressions(), v.meta().labels())
                            && inNamespaces(http, v))
                    .toList();
        }
        if (!http.virtualServiceSelector().isEmpty()) {
            return all.stream()
                    .filter(v -> v.meta()
                                    .labels()
                                    .entrySet()
                                    .containsAll(http.virtualServiceSelector().entrySet())
                            && inNamespaces(http, v))
                    .toList();
        }
        if (!http.virtualServices().isEmpty()) {
            for (int i = 0; i < http.virtualServices().size(); i++) {
                ResourceRef ref = http.virtualServices().get(i);
                if (all.stream().noneMatch(v -> v.meta().ref().equals(ref))) {
                    book.warning(
                            gateway.key(),
                            "spec.httpGateway.virtualServices[" + i + "]",
                            "VirtualService " + ref + " not found on cluster " + cluster.name
                                    + sslMismatch(gateway, ref));
                }
            }
            return all.stream()
                    .filter(v -> http.virtualServices().contains(v.meta().ref()))
                    .toList();
        }
        return all.stream().filter(v -> inNamespaces(http, v)).toList();
    }

    /** Gloo's virtualServiceNamespaceValidForGateway: no namespaces, or {@code *}, means every namespace. */
    private static boolean inNamespaces(Gateway.HttpGateway http, VirtualService vs) {
        List<String> namespaces = http.virtualServiceNamespaces();
        return namespaces.isEmpty()
                || namespaces.contains("*")
                || namespaces.contains(vs.meta().namespace());
    }

    /**
     * Rejects the younger of two VirtualServices that share a domain on one listener: the one that has
     * served the domain longer keeps it ({@link Age#heldLongest}).
     */
    void settleDomains(List<Gateway> httpGateways) {
        for (Gateway gateway : httpGateways) {
            List<Age.Held<VirtualService>> claims = new ArrayList<>();
            for (VirtualService vs : selected(gateway)) {
                if (hosts.containsKey(vs.key())) {
                    for (int i = 0; i < vs.domains().size(); i++) {
                        claims.add(new Age.Held<>(vs, Claims.domain(vs.domains().get(i)), i));
                    }
                }
            }
            claims.sort(Age.heldLongest());
            Map<String, VirtualService> owners = new HashMap<>();
            for (Age.Held<VirtualService> claim : claims) {
                VirtualService vs = claim.holder();
                if (book.rejected(vs.key())) {
                    continue;
                }
                String domain = vs.domains().get(claim.index());
                // Envoy lower-cases domains before indexing them (RouteMatcher::RouteMatcher, config_impl.cc).
                VirtualService owner = owners.putIfAbsent(domain.toLowerCase(Locale.ROOT), vs);
                if (owner != null && owner != vs) {
                    book.error(
                            vs.key(),
                            "spec.virtualHost.domains[" + claim.index() + "]",
                            "domain " + domain
                                    + " is already served by VirtualService "
                                    + owner.meta().namespace() + "/"
                                    + owner.meta().name() + " on "
                                    + Names.listener(gateway.bindAddress(), gateway.bindPort())
                                    + " (Envoy compares domains ignoring case)");
                }
            }
        }
    }

    /** Settles the SNI names of each {@code ssl: true} Gateway's chains; after {@link #settleDomains}. */
    void settleSni(List<Gateway> httpGateways) {
        httpGateways.stream()
                .filter(Gateway::ssl)
                .forEach(g -> HttpsChains.settle(
                        g,
                        selected(g).stream()
                                .filter(v -> hosts.containsKey(v.key()))
                                .toList(),
                        book));
    }

    /**
     * The listener of an HTTP Gateway, or null when it has nothing to serve: Gloo publishes no listener (and no
     * route configuration) without virtual hosts (httpNetworkFilterTranslator.ComputeNetworkFilters,
     * projects/gloo/pkg/translator/network_filters.go), and the Gateway says so.
     */
    HttpListener http(Gateway gateway, List<SdsSecret> secrets) {
        String name = Names.listener(gateway.bindAddress(), gateway.bindPort());
        List<VirtualService> served = selected(gateway).stream()
                .filter(v -> !book.rejected(v.key()) && hosts.containsKey(v.key()))
                .toList();
        if (served.isEmpty()) {
            if (emptyWarned.add(gateway.key())) {
                book.note(
                        gateway.key(),
                        "spec.httpGateway",
                        "serves no VirtualService: no listener is published for it (as Gloo), so nothing listens on "
                                + gateway.bindAddress() + " port " + gateway.bindPort());
            }
            return null;
        }
        List<VirtualHost> vhosts = served.stream()
                .map(v -> hosts.get(v.key()))
                .sorted(Comparator.comparing(VirtualHost::name))
                .toList();
        return new HttpListener(
                name,
                gateway.bindAddress(),
                gateway.bindPort(),
                Names.routeConfig(name),
                vhosts,
                gateway.key(),
                gateway.ssl() ? HttpsChains.of(name, served, cluster, secrets) : null,
                HttpSettingsOf.of(gateway.http().options()));
    }

    private String sslMismatch(Gateway gateway, ResourceRef ref) {
        boolean exists =
                cluster.virtualServices.stream().anyMatch(v -> v.meta().ref().equals(ref));
        if (!exists) {
            return "";
        }
        return gateway.ssl()
                ? " without sslConfig: an ssl: true Gateway serves only VirtualServices with sslConfig"
                : " with sslConfig: only an ssl: true Gateway serves it";
    }

    /**
     * @param localOnly SNI names of clusters that fail over, each with its local-only twin: a connection
     *                  that came through this gateway is served by the twin, so it never fails over again
     */
    TcpListener tcp(Gateway gateway, List<SdsSecret> secrets, Map<String, String> localOnly) {
        List<SniChain> chains = new ArrayList<>();
        List<TcpListener.PlainChain> plain = new ArrayList<>();
        for (TcpHost host : gateway.tcp().tcpHosts()) {
            if (host.ssl() == null) {
                plain.add(plainChain(host));
                continue;
            }
            TreeSet<String> names = new TreeSet<>(host.ssl().sniDomains());
            if (!host.destination().forwardSniClusterName()) {
                chains.add(chain(host, host.name(), List.copyOf(names), forwardOf(host), secrets));
                continue;
            }
            names.addAll(sniTargets);
            TreeSet<String> twinned = new TreeSet<>(names);
            twinned.retainAll(localOnly.keySet());
            names.removeAll(twinned);
            // An empty server_names list matches every SNI: a forwarding chain must never be a catch-all.
            if (!names.isEmpty()) {
                chains.add(chain(host, host.name(), List.copyOf(names), null, secrets));
            }
            // sni_cluster would pick the cluster named by the SNI, which fails over itself; its own chain
            // forwards to the twin instead.
            for (String name : twinned) {
                chains.add(chain(host, host.name() + "-" + name, List.of(name), localOnly.get(name), secrets));
            }
            // A target's health as a whole is that of what the gateway forwards to: its twin when it has one.
            healthAnswers.forEach((target, percents) -> percents.forEach(p -> {
                String serverName = Names.healthServerName(target, p);
                SniChain forwarding = chain(host, host.name() + "-" + serverName, List.of(serverName), null, secrets);
                chains.add(new SniChain(
                        forwarding.name(),
                        forwarding.serverNames(),
                        forwarding.certificateSecret(),
                        forwarding.validationSecret(),
                        forwarding.requireClientCertificate(),
                        forwarding.alpn(),
                        null,
                        new TcpListener.HealthAnswer(localOnly.getOrDefault(target, target), p)));
            }));
        }
        Gateway.TcpProxySettings settings = gateway.tcp().settings();
        return new TcpListener(
                Names.listener(gateway.bindAddress(), gateway.bindPort()),
                gateway.bindAddress(),
                gateway.bindPort(),
                chains,
                gateway.key(),
                plain,
                new TcpListener.TcpSettings(settings.maxConnectAttempts(), settings.idleTimeout()));
    }

    /** Gloo's computeTcpFilterChain (projects/gloo/pkg/plugins/tcp/plugin.go): no sslConfig, no match, no TLS. */
    private static TcpListener.PlainChain plainChain(TcpHost host) {
        Gateway.TcpDestination d = host.destination();
        if (d.single() != null) {
            return new TcpListener.PlainChain(
                    host.name(), List.of(new VirtualHost.WeightedCluster(Names.cluster(d.single()), 0)), false);
        }
        return new TcpListener.PlainChain(
                host.name(),
                d.multi().stream()
                        .map(w -> new VirtualHost.WeightedCluster(Names.cluster(w.upstream()), w.weight()))
                        .toList(),
                true);
    }

    private static String forwardOf(TcpHost host) {
        return host.destination().single() == null
                ? null
                : Names.cluster(host.destination().single());
    }

    private SniChain chain(
            TcpHost host, String name, List<String> serverNames, String forward, List<SdsSecret> secrets) {
        TlsSecret secret = cluster.secrets.get(host.ssl().secretRef());
        String certificate = SdsSecrets.certificate(secret, secrets);
        String validation = SdsSecrets.validation(secret, secrets);
        return new SniChain(
                name,
                serverNames,
                certificate,
                validation,
                !host.ssl().oneWayTls(),
                host.ssl().alpn(),
                forward);
    }
}
