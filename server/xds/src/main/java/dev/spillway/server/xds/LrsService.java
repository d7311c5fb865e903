package dev.spillway.server.xds;

import dev.spillway.api.model.ProxyGroup;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterStats;
import io.envoyproxy.envoy.config.endpoint.v3.UpstreamLocalityStats;
import io.envoyproxy.envoy.service.load_stats.v3.LoadReportingServiceGrpc;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load reporting ({@code envoy.service.load_stats.v3.LoadReportingService}) on the xDS port, behind the same
 * client identity as ADS: a stream's first node names its group, and a peer that may not receive that group's
 * config may not report for it either.
 *
 * <p>The server speaks first in effect: the client sends its node, the server answers with the clusters it
 * wants reports for and the interval, and the client then reports every interval. Envoy's LoadStatsReporter
 * (source/common/upstream/load_stats_reporter.cc) reports only the clusters the last response listed (or all
 * with {@code send_all_clusters}), per locality and priority of each host set, and measures each cluster's
 * {@code load_report_interval} itself; it is started from the bootstrap's
 * {@code cluster_manager.load_stats_config} (ClusterManagerImpl::initializeSecondaryClusters,
 * cluster_manager_impl.cc), never from a cluster's {@code lrs_server}. grpc-java's LoadReportClient
 * (xds/src/main/java/io/grpc/xds/client/LoadReportClient.java) starts once a cluster with
 * {@code lrs_server: {self: {}}} is used, reads the cluster list and interval from every response
 * ({@code handleRpcResponse}) and reports per locality, without a priority.
 */
public final class LrsService extends LoadReportingServiceGrpc.LoadReportingServiceImplBase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LrsService.class);

    /** How often proxies report by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    /**
     * What the service needs.
     *
     * @param identity   tells a node's group
     * @param authorizer decides whether the peer may report for that group
     * @param clusters   the Envoy clusters of a group whose load is wanted, sorted
     * @param interval   the load reporting interval sent to proxies
     * @param listener   receives the reports
     * @param clock      stamps the reports
     */
    public record Settings(
            ProxyIdentity identity,
            StreamAuthorizer authorizer,
            Function<ProxyGroup, List<String>> clusters,
            Duration interval,
            LoadReportListener listener,
            Clock clock) {}

    private final Settings settings;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

    public LrsService(Settings settings) {
        this.settings = settings;
    }

    @Override
    public StreamObserver<LoadStatsRequest> streamLoadStats(StreamObserver<LoadStatsResponse> responses) {
        return new Stream(responses, XdsPeer.current());
    }

    /** Tells every stream whose group's wanted clusters changed (a new snapshot): a new response lists them. */
    public void clustersChanged() {
        streams.forEach(Stream::sendClustersIfChanged);
    }

    /** The number of proxies reporting load now. */
    public int reporting() {
        return streams.size();
    }

    /** Ends every stream with UNAVAILABLE: proxies reconnect and report to another replica. */
    @Override
    public void close() {
        streams.forEach(s -> s.end(Status.UNAVAILABLE.withDescription("control plane shutting down")));
    }

    private final class Stream implements StreamObserver<LoadStatsRequest> {
        private final StreamObserver<LoadStatsResponse> out;
        private final XdsPeer peer;
        private ProxyGroup group;
        private String nodeId = "";
        private List<String> sent;
        private boolean ended;

        Stream(StreamObserver<LoadStatsResponse> out, XdsPeer peer) {
            this.out = out;
            this.peer = peer;
        }

        @Override
        public synchronized void onNext(LoadStatsRequest request) {
            if (ended) {
                return;
            }
            if (group == null) {
                if (!request.hasNode()) {
                    end(Status.INVALID_ARGUMENT.withDescription("the first LoadStatsRequest must carry the node"));
                    return;
                }
                ProxyGroup named = settings.identity().groupOf(request.getNode());
                Optional<String> denial = settings.authorizer().denial(peer, named);
                if (denial.isPresent()) {
                    LOG.warn(
                            "refused LRS stream of proxy {}: {}",
                            request.getNode().getId(),
                            denial.get());
                    end(Status.PERMISSION_DENIED.withDescription(denial.get()));
                    return;
                }
                group = named;
                nodeId = request.getNode().getId();
                streams.add(this);
                LOG.debug("proxy {} (group {}) reports load", nodeId, group);
                sendClustersIfChanged();
            }
            if (request.getClusterStatsCount() > 0) {
                List<LoadReport.ClusterLoad> clusters = new ArrayList<>();
                request.getClusterStatsList().forEach(stats -> clusters.add(load(stats)));
                settings.listener()
                        .onReport(new LoadReport(group, nodeId, settings.clock().instant(), clusters));
            }
        }

        private LoadReport.ClusterLoad load(ClusterStats stats) {
            List<LoadReport.LocalityLoad> localities = new ArrayList<>();
            for (UpstreamLocalityStats l : stats.getUpstreamLocalityStatsList()) {
                // Envoy counts issued requests (rq_total) apart from completed ones; a report without them
                // (older clients) counts what completed.
                long requests = Math.max(
                        l.getTotalIssuedRequests(), l.getTotalSuccessfulRequests() + l.getTotalErrorRequests());
                if (requests > 0) {
                    localities.add(new LoadReport.LocalityLoad(
                            l.getLocality().getRegion(),
                            l.getLocality().getZone(),
                            l.getLocality().getSubZone(),
                            l.getPriority(),
                            requests));
                }
            }
            Duration interval = stats.hasLoadReportInterval()
                    ? Duration.ofSeconds(
                            stats.getLoadReportInterval().getSeconds(),
                            stats.getLoadReportInterval().getNanos())
                    : settings.interval();
            return new LoadReport.ClusterLoad(stats.getClusterName(), interval, localities);
        }

        synchronized void sendClustersIfChanged() {
            if (ended || group == null) {
                return;
            }
            List<String> wanted = List.copyOf(settings.clusters().apply(group));
            if (wanted.equals(sent)) {
                return;
            }
            sent = wanted;
            out.onNext(LoadStatsResponse.newBuilder()
                    .addAllClusters(wanted)
                    .setLoadReportingInterval(com.google.protobuf.Duration.newBuilder()
                            .setSeconds(settings.interval().getSeconds())
                            .setNanos(settings.interval().getNano()))
                    .build());
        }

        @Override
        public void onError(Throwable t) {
            gone();
        }

        @Override
        public void onCompleted() {
            synchronized (this) {
                if (!ended) {
                    ended = true;
                    out.onCompleted();
                }
            }
            gone();
        }

        synchronized void end(Status status) {
            if (ended) {
                return;
            }
            ended = true;
            out.onError(status.asRuntimeException());
            gone();
        }

        private void gone() {
            synchronized (this) {
                ended = true;
            }
            if (streams.remove(this)) {
                settings.listener().onProxyGone(group, nodeId);
            }
        }
    }
}
