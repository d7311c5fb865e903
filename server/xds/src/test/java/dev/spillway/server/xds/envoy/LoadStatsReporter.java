package dev.spillway.server.xds.envoy;

import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterStats;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.endpoint.v3.UpstreamLocalityStats;
import io.envoyproxy.envoy.service.load_stats.v3.LoadReportingServiceGrpc;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Envoy's load reporter for tests, as {@code LoadStatsReporter} (source/common/upstream/load_stats_reporter.cc)
 * does it: the stream opens with the node (and the client feature {@code envoy.lrs.supports_send_all_clusters})
 * and no stats; each response replaces the set of clusters reported ({@code startLoadReportPeriod}: the listed
 * ones, or all with {@code send_all_clusters}, each keeping its window start when it was already tracked) and
 * the interval. Each report ({@code sendLoadStatsRequest}) carries the node, and per tracked cluster that the
 * proxy holds: its name, its EDS service name, one {@code UpstreamLocalityStats} per locality of every host set
 * that had requests, with the host set's priority, and the measured {@code load_report_interval}.
 *
 * <p>Envoy sends on a timer; here the test sends each report, with the requests it says went to each priority,
 * so nothing waits on a clock. A priority's requests go to its localities in turn, as round robin over equal
 * localities would spread them.
 */
public final class LoadStatsReporter implements AutoCloseable {
    /** Envoy's client feature telling the server it understands {@code send_all_clusters}. */
    static final String SEND_ALL_CLUSTERS_FEATURE = "envoy.lrs.supports_send_all_clusters";

    private final Node node;
    private final StreamObserver<LoadStatsRequest> stream;
    private final Map<String, Long> windowStarts = new LinkedHashMap<>();
    private LoadStatsResponse message;
    private int responses;
    private Status closed;

    private LoadStatsReporter(Channel channel, Node node) {
        this.node =
                node.toBuilder().addClientFeatures(SEND_ALL_CLUSTERS_FEATURE).build();
        this.stream = LoadReportingServiceGrpc.newStub(channel).streamLoadStats(new StreamObserver<>() {
            @Override
            public void onNext(LoadStatsResponse response) {
                onResponse(response);
            }

            @Override
            public void onError(Throwable t) {
                onClose(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                onClose(Status.OK);
            }
        });
        // establishNewStream: the first request carries the node and no cluster stats.
        stream.onNext(LoadStatsRequest.newBuilder().setNode(this.node).build());
    }

    /** Opens the LRS stream, as Envoy does once the bootstrap's {@code load_stats_config} cluster is up. */
    public static LoadStatsReporter start(Channel channel, Node node) {
        return new LoadStatsReporter(channel, node);
    }

    private synchronized void onResponse(LoadStatsResponse response) {
        message = response;
        responses++;
        // startLoadReportPeriod: tracked clusters keep their window start, new ones start now.
        Map<String, Long> existing = new LinkedHashMap<>(windowStarts);
        windowStarts.clear();
        for (String name : response.getClustersList()) {
            windowStarts.put(name, existing.getOrDefault(name, System.nanoTime()));
        }
        notifyAll();
    }

    private synchronized void onClose(Status status) {
        closed = status;
        notifyAll();
    }

    /** Waits for the server's response number {@code n} (from 1) and returns the latest one. */
    public synchronized LoadStatsResponse awaitResponse(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (responses < n && closed == null) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no LoadStatsResponse " + n + " within " + timeout);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (responses < n) {
            throw new AssertionError("LRS stream closed: " + closed);
        }
        return message;
    }

    /** The status the stream ended with, or null while open. */
    public synchronized Status closed() {
        return closed;
    }

    /**
     * Sends one report: the requests that went to each priority of each cluster ({@code requests}: cluster →
     * priority → count) since the last one, for the clusters the server asked for and {@code proxy} holds.
     */
    public synchronized void report(ProxyState proxy, Map<String, Map<Integer, Long>> requests) {
        if (message == null) {
            throw new IllegalStateException("no LoadStatsResponse yet: Envoy reports nothing before one");
        }
        LoadStatsRequest.Builder request = LoadStatsRequest.newBuilder().setNode(node);
        long now = System.nanoTime();
        for (Map.Entry<String, Long> tracked : windowStarts.entrySet()) {
            String name = tracked.getKey();
            Cluster cluster = proxy.clusters().get(name);
            if (cluster == null) {
                continue; // "Cluster {} does not exist"
            }
            ClusterStats.Builder stats = ClusterStats.newBuilder().setClusterName(name);
            String service = EnvoyResources.edsServiceName(cluster);
            if (service != null) {
                stats.setClusterServiceName(service);
            }
            ClusterLoadAssignment cla = proxy.loadAssignment(name);
            Map<Integer, Long> byPriority = requests.getOrDefault(name, Map.of());
            if (cla != null) {
                byPriority.forEach((priority, count) -> addHostSet(stats, cla, priority, count));
            }
            stats.setLoadReportInterval(Durations.fromNanos(now - tracked.getValue()));
            tracked.setValue(now);
            request.addClusterStats(stats);
        }
        stream.onNext(request.build());
    }

    /** One host set's localities with hosts: the requests spread over them, each with the host set's priority. */
    private static void addHostSet(ClusterStats.Builder stats, ClusterLoadAssignment cla, int priority, long count) {
        List<LocalityLbEndpoints> localities = new ArrayList<>();
        for (LocalityLbEndpoints l : cla.getEndpointsList()) {
            if (l.getPriority() == priority && l.getLbEndpointsCount() > 0) {
                localities.add(l);
            }
        }
        if (localities.isEmpty() || count == 0) {
            return;
        }
        for (int i = 0; i < localities.size(); i++) {
            long share = count / localities.size() + (i < count % localities.size() ? 1 : 0);
            if (share == 0) {
                continue; // only localities with requests are reported
            }
            stats.addUpstreamLocalityStats(UpstreamLocalityStats.newBuilder()
                    .setLocality(localities.get(i).getLocality())
                    .setPriority(priority)
                    .setTotalSuccessfulRequests(share)
                    .setTotalIssuedRequests(share));
        }
    }

    @Override
    public synchronized void close() {
        if (closed == null) {
            stream.onCompleted();
        }
    }
}
