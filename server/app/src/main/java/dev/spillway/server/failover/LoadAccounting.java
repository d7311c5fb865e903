package dev.spillway.server.failover;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.server.xds.LoadReport;
import dev.spillway.server.xds.LoadReportListener;
import dev.spillway.translator.xds.LoadReportTiers.Locality;
import dev.spillway.translator.xds.LoadReportTiers.ReportingCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the proxies' load reports into each FailoverScheme's active tier per proxy group. A proxy's last
 * report per cluster stands for its traffic until the next one; a proxy silent for {@link #STALE_INTERVALS}
 * intervals, or whose stream ended, no longer counts. An interval without any request changes nothing: no
 * traffic says nothing about where traffic would go.
 */
public final class LoadAccounting implements LoadReportListener, FailoverActivity {
    private static final Logger LOG = LoggerFactory.getLogger(LoadAccounting.class);

    /** Reports older than this many of their own intervals are dropped. */
    static final int STALE_INTERVALS = 3;
    /** The status shows new shares once a tier's share moved by this many points (or the active tier moved). */
    static final double PUBLISH_STEP_PERCENT = 10.0;

    /** Where the counts are reported as metrics. */
    public interface Metrics {
        Metrics NONE = new Metrics() {
            @Override
            public void requests(ResourceKey scheme, ProxyGroup group, int tier, long count) {}

            @Override
            public void activeTier(ResourceKey scheme, ProxyGroup group, int tier) {}
        };

        /** {@code count} more requests went to {@code tier}. */
        void requests(ResourceKey scheme, ProxyGroup group, int tier, long count);

        /** The group's active tier for the scheme is now {@code tier}. */
        void activeTier(ResourceKey scheme, ProxyGroup group, int tier);
    }

    /** One proxy of a group. */
    private record Node(ProxyGroup group, String id) {}

    /** A proxy's last report on one cluster, in tiers. */
    private record ClusterTiers(ResourceKey scheme, Map<Integer, Long> requestsByTier, Instant at, Duration interval) {}

    private final Duration interval;
    private final Metrics metrics;
    private volatile Map<ProxyGroup, SortedMap<String, ReportingCluster>> reporting = Map.of();
    private final Map<Node, Map<String, ClusterTiers>> nodes = new HashMap<>();
    private final Map<ResourceKey, SortedMap<ProxyGroup, TierActivity>> activity = new TreeMap<>();
    private final Map<ResourceKey, SortedMap<ProxyGroup, TierActivity>> published = new TreeMap<>();
    private final List<Consumer<TierChange>> changeListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> publishListeners = new CopyOnWriteArrayList<>();

    /**
     * @param interval the load reporting interval proxies are asked for: a report is stale after
     *                 {@link #STALE_INTERVALS} of it (or of its own, when longer)
     */
    public LoadAccounting(Duration interval, Metrics metrics) {
        this.interval = interval;
        this.metrics = metrics;
    }

    /** Called on every move of an active tier, after the activity shows it. */
    public void onChange(Consumer<TierChange> listener) {
        changeListeners.add(listener);
    }

    /** Called whenever {@link #published()} changed. */
    public void onPublished(Runnable listener) {
        publishListeners.add(listener);
    }

    /**
     * The clusters whose load is wanted, per group, from the latest translation. Schemes and clusters no
     * longer there are forgotten.
     */
    public void reportingClusters(Map<ProxyGroup, SortedMap<String, ReportingCluster>> clusters) {
        boolean changed;
        synchronized (this) {
            reporting = Map.copyOf(clusters);
            Set<ResourceKey> schemes = new HashSet<>();
            clusters.values().forEach(m -> m.values().forEach(c -> schemes.add(c.scheme())));
            nodes.forEach((node, byCluster) -> {
                SortedMap<String, ReportingCluster> wanted = clusters.getOrDefault(node.group(), new TreeMap<>());
                byCluster.keySet().retainAll(wanted.keySet());
            });
            activity.keySet().retainAll(schemes);
            changed = published.keySet().retainAll(schemes);
        }
        if (changed) {
            publishListeners.forEach(Runnable::run);
        }
    }

    /** The Envoy clusters of a group whose load is wanted, sorted. */
    public List<String> clustersOf(ProxyGroup group) {
        return List.copyOf(reporting.getOrDefault(group, new TreeMap<>()).keySet());
    }

    @Override
    public void onReport(LoadReport report) {
        SortedMap<String, ReportingCluster> clusters = reporting.get(report.group());
        if (clusters == null) {
            return;
        }
        List<TierChange> changes = new ArrayList<>();
        boolean publish = false;
        synchronized (this) {
            Node node = new Node(report.group(), report.nodeId());
            Map<String, ClusterTiers> byCluster = nodes.computeIfAbsent(node, n -> new HashMap<>());
            Set<ResourceKey> schemes = new java.util.TreeSet<>();
            for (LoadReport.ClusterLoad load : report.clusters()) {
                ReportingCluster cluster = clusters.get(load.cluster());
                if (cluster == null) {
                    continue;
                }
                Map<Integer, Long> tiers = new TreeMap<>();
                cluster.byLocality().values().forEach(t -> tiers.put(t, 0L));
                for (LoadReport.LocalityLoad l : load.localities()) {
                    int tier = cluster.tierOf(l.priority(), new Locality(l.region(), l.zone(), l.subZone()));
                    if (tier < 0) {
                        LOG.debug("cluster {}: no tier at priority {} in {}", load.cluster(), l.priority(), l);
                        continue;
                    }
                    tiers.merge(tier, l.requests(), Long::sum);
                    metrics.requests(cluster.scheme(), report.group(), tier, l.requests());
                }
                byCluster.put(load.cluster(), new ClusterTiers(cluster.scheme(), tiers, report.at(), load.interval()));
                schemes.add(cluster.scheme());
            }
            for (ResourceKey scheme : schemes) {
                TierChange change = recompute(scheme, report.group(), report.at());
                if (change != null) {
                    changes.add(change);
                }
                publish |= publishIfMoved(scheme, report.group());
            }
        }
        for (TierChange change : changes) {
            LOG.info("FailoverScheme {} ({}): {}", change.scheme().path(), change.group(), change.message());
            changeListeners.forEach(l -> l.accept(change));
        }
        if (publish) {
            publishListeners.forEach(Runnable::run);
        }
    }

    @Override
    public synchronized void onProxyGone(ProxyGroup group, String nodeId) {
        nodes.remove(new Node(group, nodeId));
    }

    /** The group's activity for the scheme from every proxy's last report; the move, if the active tier moved. */
    private TierChange recompute(ResourceKey scheme, ProxyGroup group, Instant now) {
        Map<Integer, Long> total = new TreeMap<>();
        List<Integer> nodeTiers = new ArrayList<>();
        for (Map.Entry<Node, Map<String, ClusterTiers>> e : nodes.entrySet()) {
            if (!e.getKey().group().equals(group)) {
                continue;
            }
            Map<Integer, Long> mine = new TreeMap<>();
            boolean reported = false;
            for (ClusterTiers c : e.getValue().values()) {
                if (!c.scheme().equals(scheme) || stale(c, now)) {
                    continue;
                }
                reported = true;
                c.requestsByTier().forEach((t, n) -> mine.merge(t, n, Long::sum));
            }
            if (reported) {
                nodeTiers.add(TierShares.activeTier(mine));
                mine.forEach((t, n) -> total.merge(t, n, Long::sum));
            }
        }
        if (TierShares.total(total) == 0) {
            return null;
        }
        int active = TierShares.activeTier(total);
        int on = (int) nodeTiers.stream().filter(t -> t == active).count();
        SortedMap<ProxyGroup, TierActivity> groups = activity.computeIfAbsent(scheme, k -> new TreeMap<>());
        TierActivity previous = groups.get(group);
        TierChange change = previous != null && previous.activeTier() != active
                ? new TierChange(scheme, group, previous.activeTier(), active, now, on, nodeTiers.size())
                : null;
        Instant since = previous == null || change != null ? now : previous.since();
        TierChange last = change != null ? change : previous == null ? null : previous.lastChange();
        groups.put(
                group,
                new TierActivity(
                        active, since, TierShares.percent(total), TierShares.total(total), nodeTiers.size(), on, last));
        metrics.activeTier(scheme, group, active);
        return change;
    }

    private boolean stale(ClusterTiers c, Instant now) {
        // A proxy measures each interval itself, and its first one is short (LoadStatsReporter starts a
        // cluster's window when the response lists it): the asked-for interval bounds it from below.
        Duration longest = c.interval().compareTo(interval) > 0 ? c.interval() : interval;
        return c.at().plus(longest.multipliedBy(STALE_INTERVALS)).isBefore(now);
    }

    /** Copies the activity to {@link #published()} when it moved enough to be worth a status write. */
    private boolean publishIfMoved(ResourceKey scheme, ProxyGroup group) {
        TierActivity now = activity.getOrDefault(scheme, new TreeMap<>()).get(group);
        if (now == null) {
            return false;
        }
        SortedMap<ProxyGroup, TierActivity> shown = published.computeIfAbsent(scheme, k -> new TreeMap<>());
        TierActivity before = shown.get(group);
        if (before != null
                && before.activeTier() == now.activeTier()
                && before.proxies() == now.proxies()
                && !sharesMoved(before, now)) {
            return false;
        }
        shown.put(group, now);
        return true;
    }

    private static boolean sharesMoved(TierActivity before, TierActivity now) {
        Set<Integer> tiers = new HashSet<>(before.percentByTier().keySet());
        tiers.addAll(now.percentByTier().keySet());
        return tiers.stream()
                .anyMatch(t -> Math.abs(before.percentByTier().getOrDefault(t, 0.0)
                                - now.percentByTier().getOrDefault(t, 0.0))
                        >= PUBLISH_STEP_PERCENT);
    }

    @Override
    public synchronized SortedMap<ResourceKey, SortedMap<ProxyGroup, TierActivity>> current() {
        return copy(activity);
    }

    /**
     * The activity as statuses show it: it follows {@link #current()} when the active tier or the number of
     * proxies changes, or a share moves by {@link #PUBLISH_STEP_PERCENT} points, so status writes stay few.
     */
    public synchronized SortedMap<ResourceKey, SortedMap<ProxyGroup, TierActivity>> published() {
        return copy(published);
    }

    private static SortedMap<ResourceKey, SortedMap<ProxyGroup, TierActivity>> copy(
            Map<ResourceKey, SortedMap<ProxyGroup, TierActivity>> from) {
        SortedMap<ResourceKey, SortedMap<ProxyGroup, TierActivity>> out = new TreeMap<>();
        from.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, java.util.Collections.unmodifiableSortedMap(new TreeMap<>(v)));
            }
        });
        return java.util.Collections.unmodifiableSortedMap(out);
    }
}
