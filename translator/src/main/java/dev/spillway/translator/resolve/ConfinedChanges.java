package dev.spillway.translator.resolve;

import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.ServiceEndpoints;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.translator.model.ClusterReplacement;
import dev.spillway.translator.model.ResolvedGroup;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.UpstreamCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Re-resolves only what a change touches when the change stays inside the cluster models of the Upstreams
 * it touches: edited Upstreams and the Endpoints of kube Upstreams' Services, where no FailoverScheme names
 * the Upstream, and the Upstream is served before and after. Nothing else reads such an Upstream beyond
 * its name and whether it is rejected (routes, Gateways, name collisions by age), so the previous
 * resolution with these cluster models and statuses replaced is what {@link Resolver#resolve} would give.
 * Every assumption is checked against the previous resolution: the old Upstream, re-resolved on its own,
 * must give exactly the model and status found there; otherwise the answer is "no" and the caller
 * resolves everything.
 */
public final class ConfinedChanges {
    private ConfinedChanges() {}

    /**
     * The new resolution and, per proxy group, the cluster models replaced in it.
     *
     * @param resolution   the resolution of the new inventory
     * @param replacements the replaced cluster models of each group that changed
     * @param statuses     the statuses that changed, by resource
     */
    public record Patch(
            Resolution resolution,
            Map<ProxyGroup, List<ClusterReplacement>> replacements,
            Map<ResourceKey, ResourceStatus> statuses) {}

    /**
     * The resolution of {@code after}, from that of {@code before}, when every changed key is confined;
     * null when any is not (the caller then resolves {@code after} in full).
     */
    public static Patch apply(Resolution previous, Inventory before, Inventory after, Set<ResourceKey> changed) {
        Map<String, Touched> byCluster = new TreeMap<>();
        for (ResourceKey key : changed) {
            Inventory.Entry was = before.entries().get(key);
            Inventory.Entry now = after.entries().get(key);
            if (was == null || now == null || was.resource() == null || now.resource() == null) {
                return null;
            }
            Touched touched = byCluster.computeIfAbsent(key.cluster(), c -> new Touched());
            if (key.kind() == Kind.UPSTREAM) {
                touched.upstreams.add(new ResourceRef(key.name(), key.namespace()));
            } else if (key.kind() == Kind.ENDPOINTS
                    && was.resource() instanceof ServiceEndpoints a
                    && now.resource() instanceof ServiceEndpoints b
                    && a.serviceName().equals(b.serviceName())
                    && was.status().equals(now.status())) {
                touched.services.add(new ResourceRef(a.serviceName(), a.meta().namespace()));
            } else {
                return null;
            }
        }
        Map<String, ClusterResources[]> resources = new TreeMap<>();
        Map<String, Set<ResourceRef>> upstreams = new TreeMap<>();
        for (Map.Entry<String, Touched> e : byCluster.entrySet()) {
            ClusterResources old = e.getValue().resourcesOf(before, e.getKey());
            ClusterResources now = e.getValue().resourcesOf(after, e.getKey());
            if (!old.upstreams.keySet().equals(now.upstreams.keySet())) {
                return null;
            }
            resources.put(e.getKey(), new ClusterResources[] {old, now});
            upstreams.put(e.getKey(), now.upstreams.keySet());
        }
        if (failsOver(after, upstreams)) {
            return null;
        }
        Map<ResourceKey, ResourceStatus> statuses = new TreeMap<>();
        Map<ProxyGroup, List<ClusterReplacement>> replacements = new TreeMap<>();
        for (Map.Entry<String, ClusterResources[]> e : resources.entrySet()) {
            String cluster = e.getKey();
            ClusterResources old = e.getValue()[0];
            ClusterResources now = e.getValue()[1];
            for (ResourceRef ref : now.upstreams.keySet()) {
                Reresolved was = Reresolved.of(old.upstreams.get(ref), old, before);
                Reresolved is = Reresolved.of(now.upstreams.get(ref), now, after);
                if (was == null
                        || is == null
                        || !was.status.equals(previous.statuses().get(was.key))
                        || !was.secrets.equals(is.secrets)
                        || !was.upstream
                                .meta()
                                .creationTimestamp()
                                .equals(is.upstream.meta().creationTimestamp())
                        || was.upstream.meta().seen() != is.upstream.meta().seen()
                        || !was.upstream
                                .meta()
                                .claims()
                                .equals(is.upstream.meta().claims())) {
                    return null;
                }
                if (!is.status.equals(was.status)) {
                    statuses.put(is.key, is.status);
                }
                if (!replaceInGroups(previous, cluster, was.model, is.model, replacements)) {
                    return null;
                }
            }
        }
        return new Patch(patched(previous, replacements, statuses), replacements, statuses);
    }

    /** Adds the replacement of {@code was} by {@code is} in every group of the cluster; false if one lacks it. */
    private static boolean replaceInGroups(
            Resolution previous,
            String cluster,
            UpstreamCluster was,
            UpstreamCluster is,
            Map<ProxyGroup, List<ClusterReplacement>> into) {
        for (ResolvedGroup group : previous.groups().values()) {
            if (!group.group().cluster().equals(cluster)) {
                continue;
            }
            boolean proxyless = group.group().equals(ProxyGroup.proxyless(cluster));
            UpstreamCluster expected = proxyless ? ProxylessGroups.withoutGatewayTargets(was) : was;
            UpstreamCluster found = null;
            for (UpstreamCluster c : group.clusters()) {
                if (c.name().equals(was.name())) {
                    found = c;
                    break;
                }
            }
            if (!expected.equals(found)) {
                return false;
            }
            if (!was.equals(is)) {
                UpstreamCluster replacement = proxyless ? ProxylessGroups.withoutGatewayTargets(is) : is;
                into.computeIfAbsent(group.group(), g -> new ArrayList<>())
                        .add(new ClusterReplacement(found, replacement));
            }
        }
        return true;
    }

    private static Resolution patched(
            Resolution previous,
            Map<ProxyGroup, List<ClusterReplacement>> replacements,
            Map<ResourceKey, ResourceStatus> statuses) {
        SortedMap<ProxyGroup, ResolvedGroup> groups = new TreeMap<>(previous.groups());
        replacements.forEach((group, changes) -> groups.put(group, withClusters(groups.get(group), changes)));
        SortedMap<ResourceKey, ResourceStatus> all = previous.statuses();
        if (!statuses.isEmpty()) {
            all = new TreeMap<>(all);
            all.putAll(statuses);
        }
        return new Resolution(groups, all, previous.failovers());
    }

    private static ResolvedGroup withClusters(ResolvedGroup group, List<ClusterReplacement> changes) {
        List<UpstreamCluster> clusters = new ArrayList<>(group.clusters());
        for (ClusterReplacement c : changes) {
            clusters.set(clusters.indexOf(c.before()), c.after());
        }
        return new ResolvedGroup(
                group.group(),
                group.httpListeners(),
                group.tcpListeners(),
                clusters,
                group.secrets(),
                group.apiListeners());
    }

    /** True when a FailoverScheme names one of the Upstreams, as primary or target. */
    private static boolean failsOver(Inventory inventory, Map<String, Set<ResourceRef>> upstreams) {
        for (String cluster : InventoryRanges.clusters(inventory)) {
            for (Inventory.Entry e : InventoryRanges.of(inventory, cluster, Kind.FAILOVER_SCHEME)) {
                if (e.resource() instanceof FailoverScheme scheme) {
                    if (names(upstreams, scheme.primary())) {
                        return true;
                    }
                    for (FailoverScheme.FailoverGroup g : scheme.failoverGroups()) {
                        if (g.targets().stream().anyMatch(t -> names(upstreams, t))) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean names(Map<String, Set<ResourceRef>> upstreams, FailoverScheme.Target target) {
        Set<ResourceRef> refs = upstreams.get(target.cluster());
        return refs != null && refs.contains(target.upstream());
    }

    /** The Upstreams and Services a change touches in one federation cluster. */
    private static final class Touched {
        final Set<ResourceRef> upstreams = new TreeSet<>();
        final Set<ResourceRef> services = new TreeSet<>();

        boolean touches(Upstream u) {
            return upstreams.contains(u.meta().ref())
                    || (u.kube() != null
                            && services.contains(new ResourceRef(
                                    u.kube().serviceName(), u.kube().serviceNamespace())));
        }

        /**
         * The cluster's resources with only the touched Upstreams (hand-written or discovered, a hand-written
         * one shadowing a discovered one of its name, as in {@link UpstreamDiscovery}).
         */
        ClusterResources resourcesOf(Inventory inventory, String cluster) {
            ClusterResources resources = new ClusterResources(cluster);
            resources.gatewayAddress = inventory.gatewayAddress(cluster);
            for (Kind kind : List.of(Kind.CLUSTER, Kind.SECRET, Kind.SERVICE, Kind.ENDPOINTS)) {
                for (Inventory.Entry e : InventoryRanges.of(inventory, cluster, kind)) {
                    if (e.resource() != null) {
                        resources.add(e.resource());
                    }
                }
            }
            // The Secrets the full resolve takes out, so a re-resolved Upstream sees what it would see there.
            SecretChecks.check(resources, new StatusBook(java.util.Map.of()));
            if (services.isEmpty()) {
                for (ResourceRef ref : upstreams) {
                    Inventory.Entry e = inventory
                            .entries()
                            .get(new ResourceKey(Kind.UPSTREAM, cluster, ref.namespace(), ref.name()));
                    if (e != null && e.resource() != null) {
                        resources.add(e.resource());
                    }
                }
            } else {
                for (Inventory.Entry e : InventoryRanges.of(inventory, cluster, Kind.UPSTREAM)) {
                    if (e.resource() instanceof Upstream u && touches(u)) {
                        resources.add(u);
                    }
                }
            }
            UpstreamDiscovery.discoverInto(resources, new StatusBook(Map.of()));
            resources.upstreams.values().removeIf(u -> {
                Inventory.Entry own = inventory.entries().get(u.key());
                // A hand-written Upstream shadows a discovered one of its name, even when it is Rejected.
                boolean shadowed = own != null && own.resource() != u;
                return shadowed || !touches(u);
            });
            return resources;
        }
    }

    /** One Upstream resolved on its own: its status, its cluster model and the Secrets that uses. */
    private record Reresolved(
            ResourceKey key, Upstream upstream, ResourceStatus status, UpstreamCluster model, List<SdsSecret> secrets) {

        /**
         * Null when the Upstream would be rejected, which other resources would notice, or fails over by its own
         * {@code spec.failover}, which may give it a local-only twin.
         */
        static Reresolved of(Upstream upstream, ClusterResources cluster, Inventory inventory) {
            if (upstream.failover() != null) {
                return null;
            }
            ResourceKey key = upstream.key();
            Inventory.Entry entry = inventory.entries().get(key);
            Map<ResourceKey, ResourceStatus> source =
                    entry == null || entry.resource() != upstream ? Map.of() : Map.of(key, entry.status());
            StatusBook book = new StatusBook(source);
            UpstreamChecks.check(upstream, cluster, book);
            if (book.rejected(key)) {
                return null;
            }
            List<SdsSecret> secrets = new ArrayList<>();
            UpstreamCluster model = UpstreamClusters.of(upstream, cluster, null, secrets);
            return new Reresolved(key, upstream, Objects.requireNonNull(book.status(key)), model, secrets);
        }
    }
}
