package dev.spillway.translator.model;

import java.time.Duration;

/**
 * How Envoy balances and connects to a cluster's hosts; null fields take Envoy's defaults.
 *
 * @param loadBalancing             host selection, or null for Envoy's round robin
 * @param connection                connection and HTTP protocol options, never null
 * @param ignoreHealthOnHostRemoval drop a host removed from discovery even while it passes health checks
 * @param reportsLoad               the cluster fails over: its clients report their load per tier to Spillway
 */
public record ClusterTuning(
        LoadBalancing loadBalancing, Connection connection, boolean ignoreHealthOnHostRemoval, boolean reportsLoad) {
    /** Envoy's defaults throughout. */
    public static final ClusterTuning NONE = new ClusterTuning(null, Connection.NONE, false, false);

    public ClusterTuning {
        connection = connection == null ? Connection.NONE : connection;
    }

    /** Options that report no load. */
    public ClusterTuning(LoadBalancing loadBalancing, Connection connection, boolean ignoreHealthOnHostRemoval) {
        this(loadBalancing, connection, ignoreHealthOnHostRemoval, false);
    }

    /** These options, with load reports ({@code reportsLoad}) on or off. */
    public ClusterTuning withLoadReports(boolean on) {
        return new ClusterTuning(loadBalancing, connection, ignoreHealthOnHostRemoval, on);
    }

    /** These options with another healthy panic threshold (round robin otherwise, when none was set). */
    public ClusterTuning withHealthyPanicThreshold(double percent) {
        LoadBalancing lb = loadBalancing == null
                ? new LoadBalancing(percent, null, null, null, null, null, null, false, false, false)
                : new LoadBalancing(
                        percent,
                        loadBalancing.updateMergeWindow(),
                        loadBalancing.policy(),
                        loadBalancing.choiceCount(),
                        loadBalancing.slowStart(),
                        loadBalancing.minimumRingSize(),
                        loadBalancing.maximumRingSize(),
                        loadBalancing.localityWeighted(),
                        loadBalancing.useHostnameForHashing(),
                        loadBalancing.closeConnectionsOnHostSetChange());
        return new ClusterTuning(lb, connection, ignoreHealthOnHostRemoval, reportsLoad);
    }

    /**
     * Host selection.
     *
     * @param healthyPanicThreshold           percent of healthy hosts below which health is ignored, or null
     * @param updateMergeWindow               time endpoint updates are merged over, or null
     * @param policy                          how a host is picked, or null for round robin
     * @param choiceCount                     hosts compared by least request, or null
     * @param slowStart                       traffic ramp for new hosts, or null
     * @param minimumRingSize                 smallest ring hash ring, or null
     * @param maximumRingSize                 largest ring hash ring, or null
     * @param localityWeighted                pick localities by their EDS weight first
     * @param useHostnameForHashing           hash hosts by hostname
     * @param closeConnectionsOnHostSetChange drain connections whenever the hosts change
     */
    public record LoadBalancing(
            Double healthyPanicThreshold,
            Duration updateMergeWindow,
            Policy policy,
            Integer choiceCount,
            SlowStart slowStart,
            Long minimumRingSize,
            Long maximumRingSize,
            boolean localityWeighted,
            boolean useHostnameForHashing,
            boolean closeConnectionsOnHostSetChange) {}

    /** Envoy's lb_policy values Gloo can choose. */
    public enum Policy {
        ROUND_ROBIN,
        LEAST_REQUEST,
        RANDOM,
        RING_HASH,
        MAGLEV
    }

    /**
     * Slow start of new hosts.
     *
     * @param window           slow start duration, or null
     * @param aggression       ramp shape (1 is linear), or null
     * @param minWeightPercent smallest share of the weight, or null
     */
    public record SlowStart(Duration window, Double aggression, Double minWeightPercent) {}

    /**
     * Connection options.
     *
     * @param maxRequestsPerConnection      requests per connection, or null for no limit
     * @param keepalive                     TCP keepalive, or null for none
     * @param perConnectionBufferLimitBytes buffer limit per connection, or null
     * @param commonHttp                    HTTP options of every version, or null
     * @param http1                         HTTP/1 options, or null
     */
    public record Connection(
            Integer maxRequestsPerConnection,
            Keepalive keepalive,
            Integer perConnectionBufferLimitBytes,
            CommonHttp commonHttp,
            Http1 http1) {
        public static final Connection NONE = new Connection(null, null, null, null, null);
    }

    /**
     * TCP keepalive, in whole seconds as Envoy takes them.
     *
     * @param probes          probes before the connection is dead, or null
     * @param timeSeconds     idle seconds before probing, or null
     * @param intervalSeconds seconds between probes, or null
     */
    public record Keepalive(Integer probes, Integer timeSeconds, Integer intervalSeconds) {}

    /**
     * HTTP options of every version.
     *
     * @param idleTimeout                  idle connection timeout, or null
     * @param maxHeadersCount              most response headers, or null
     * @param maxStreamDuration            longest stream, or null
     * @param headersWithUnderscoresAction ALLOW, REJECT_REQUEST or DROP_HEADER
     */
    public record CommonHttp(
            Duration idleTimeout,
            Integer maxHeadersCount,
            Duration maxStreamDuration,
            String headersWithUnderscoresAction) {}

    /**
     * HTTP/1 options.
     *
     * @param enableTrailers                          proxy trailers
     * @param headerKeyFormat                         DEFAULT, PROPER_CASE or PRESERVE_CASE
     * @param overrideStreamErrorOnInvalidHttpMessage keep the connection on an invalid message, or null
     */
    public record Http1(
            boolean enableTrailers, String headerKeyFormat, Boolean overrideStreamErrorOnInvalidHttpMessage) {}
}
