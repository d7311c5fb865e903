package dev.spillway.translator.resolve;

import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import dev.spillway.api.source.Inventory;
import dev.spillway.translator.model.HttpListener;
import dev.spillway.translator.model.ResolvedGroup;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.TcpListener;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.model.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The resolve stage: every cluster's resources in, a resolved model per proxy group and a status per
 * resource out. Pure: the same inventory always gives the same resolution.
 */
public final class Resolver {
    private final StatusBook book;
    private final SortedMap<String, ClusterResources> clusters = new TreeMap<>();
    private final DeletedSecrets deletedSecrets;

    private Resolver(Inventory inventory) {
        this.book = new StatusBook(inventory.statuses());
        this.deletedSecrets = new DeletedSecrets(inventory);
        Set<ResourceKey> unreferenced = deletedSecrets.unreferenced();
        for (Resource r : inventory.resources()) {
            if (!unreferenced.contains(r.key())) {
                clusters.computeIfAbsent(r.meta().cluster(), ClusterResources::new)
                        .add(r);
            }
        }
        inventory.entries().keySet().forEach(k -> clusters.computeIfAbsent(k.cluster(), ClusterResources::new));
        clusters.forEach((name, cluster) -> cluster.gatewayAddress = inventory.gatewayAddress(name));
        inventory.entries().values().stream()
                .filter(e -> e.resource() == null && e.key().kind() == dev.spillway.api.model.Kind.UPSTREAM)
                .forEach(e -> clusters.get(e.key().cluster())
                        .unreadableUpstreams
                        .add(new dev.spillway.api.model.ResourceRef(
                                e.key().name(), e.key().namespace())));
    }

    /** Resolves all clusters' resources. */
    public static Resolution resolve(Inventory inventory) {
        return new Resolver(inventory).run();
    }

    private Resolution run() {
        Map<String, List<Gateway>> gateways = new TreeMap<>();
        Set<String> sniClusters = new TreeSet<>();
        List<FailoverScheme> schemes = new ArrayList<>();
        for (ClusterResources cluster : clusters.values()) {
            UpstreamDiscovery.discoverInto(cluster, book);
            SecretChecks.check(cluster, book);
            cluster.upstreams.values().forEach(u -> UpstreamChecks.check(u, cluster, book));
            NameCollisions.upstreams(cluster, book);
            NameCollisions.virtualServices(cluster, book);
            List<Gateway> valid = GatewayChecks.check(cluster, book);
            gateways.put(cluster.name, valid);
            if (valid.stream().anyMatch(GatewayChecks::forwardsBySni)) {
                sniClusters.add(cluster.name);
            }
            schemes.addAll(cluster.schemes);
        }
        deletedSecrets.warnReferrers(book);
        FailoverResolver failover = new FailoverResolver(clusters, sniClusters, book);
        failover.resolveAll(schemes);
        SortedMap<ProxyGroup, ResolvedGroup> groups = new TreeMap<>();
        for (ClusterResources cluster : clusters.values()) {
            groups.putAll(groupsOf(cluster, gateways.get(cluster.name), failover));
        }
        reportTheRest();
        return new Resolution(groups, book.snapshot(), failover.outcomes);
    }

    /** Resources that nothing above looked at still get a status (Accepted unless said otherwise). */
    private void reportTheRest() {
        clusters.values().forEach(c -> {
            c.secrets.values().forEach(s -> book.seen(s.key()));
            c.services.values().forEach(s -> book.seen(s.key()));
            c.endpoints.forEach(e -> book.seen(e.key()));
            if (c.registration != null) {
                book.seen(c.registration.key());
            }
        });
    }

    private Map<ProxyGroup, ResolvedGroup> groupsOf(
            ClusterResources cluster, List<Gateway> gateways, FailoverResolver failover) {
        Map<ResourceKey, VirtualHost> hosts = new HashMap<>();
        for (VirtualService vs : cluster.virtualServices) {
            HttpsChains.check(vs, cluster, book);
            if (!book.rejected(vs.key())) {
                VirtualHost host = VirtualServiceResolver.resolve(vs, cluster, book);
                if (host != null) {
                    hosts.put(vs.key(), host);
                }
            }
        }
        Set<String> sniTargets = failover.sniNamesByCluster.getOrDefault(cluster.name, new TreeSet<>());
        ListenerResolver listeners = new ListenerResolver(
                cluster,
                book,
                hosts,
                sniTargets,
                failover.healthAnswersByCluster.getOrDefault(cluster.name, new TreeMap<>()));
        List<Gateway> httpGateways =
                gateways.stream().filter(g -> g.http() != null).toList();
        listeners.settleDomains(httpGateways);
        listeners.settleSni(httpGateways);
        List<UpstreamCluster> upstreamClusters = new ArrayList<>();
        List<SdsSecret> clusterSecrets = new ArrayList<>();
        for (Upstream u : cluster.upstreams.values()) {
            if (!book.rejected(u.key())) {
                upstreamClusters.add(
                        UpstreamClusters.of(u, cluster, failoverPlan(u, cluster, failover), clusterSecrets));
            }
        }
        SortedMap<String, UpstreamCluster> twins = LocalOnlyTwins.of(gateways, sniTargets, upstreamClusters);
        Map<String, String> localOnly = new TreeMap<>();
        twins.forEach((name, twin) -> localOnly.put(name, twin.name()));
        // Twins serve what came through a failover gateway: gateway proxies only, never proxyless clients.
        List<UpstreamCluster> gatewayClusters = new ArrayList<>(upstreamClusters);
        gatewayClusters.addAll(twins.values());
        Set<String> proxies = new TreeSet<>();
        gateways.forEach(g -> proxies.addAll(g.proxyNames()));
        Map<ProxyGroup, ResolvedGroup> groups = new TreeMap<>();
        for (String proxy : proxies) {
            List<HttpListener> http = new ArrayList<>();
            List<TcpListener> tcp = new ArrayList<>();
            List<SdsSecret> secrets = new ArrayList<>(clusterSecrets);
            for (Gateway g : gateways) {
                if (!g.proxyNames().contains(proxy)) {
                    continue;
                }
                if (g.tcp() != null) {
                    tcp.add(listeners.tcp(g, secrets, localOnly));
                } else {
                    HttpListener listener = listeners.http(g, secrets);
                    if (listener != null) {
                        http.add(listener);
                    }
                }
            }
            ProxyGroup group = new ProxyGroup(cluster.name, proxy);
            groups.put(
                    group,
                    new ResolvedGroup(
                            group,
                            sorted(http, HttpListener::name),
                            sorted(tcp, TcpListener::name),
                            gatewayClusters,
                            distinctSorted(secrets)));
        }
        ResolvedGroup proxyless = ProxylessGroups.of(cluster, hosts, upstreamClusters, failover.outcomes, book);
        if (proxyless != null) {
            groups.put(proxyless.group(), proxyless);
        }
        return groups;
    }

    /**
     * A FailoverScheme's plan for the upstream, else its own {@code spec.failover}'s. Both set the same
     * priorities, so the scheme wins, as Gloo Federation's would overwrite the field, and the Upstream says so.
     */
    private FailoverPlan failoverPlan(Upstream u, ClusterResources cluster, FailoverResolver failover) {
        FailoverResolver.PrimaryKey primary =
                new FailoverResolver.PrimaryKey(cluster.name, u.meta().ref());
        FailoverPlan scheme = failover.plans.get(primary);
        if (u.failover() == null) {
            return scheme;
        }
        if (scheme != null) {
            FailoverScheme owner = failover.owner(primary);
            book.warning(
                    u.key(),
                    "spec.failover",
                    "is ignored: FailoverScheme " + owner.meta().namespace() + "/"
                            + owner.meta().name() + " sets this upstream's failover priorities, and it wins");
            return scheme;
        }
        return HandWrittenFailover.plan(u, cluster);
    }

    private static <T> List<T> sorted(List<T> items, java.util.function.Function<T, String> name) {
        return items.stream().sorted(Comparator.comparing(name)).toList();
    }

    private static List<SdsSecret> distinctSorted(List<SdsSecret> secrets) {
        Map<String, SdsSecret> byName = new TreeMap<>();
        secrets.forEach(s -> byName.putIfAbsent(s.name(), s));
        return List.copyOf(byName.values());
    }
}
