package dev.spillway.translator.model;

import dev.spillway.api.model.ResourceKey;
import java.time.Duration;
import java.util.List;

/**
 * An Envoy cluster for one upstream, with its endpoints in priority tiers.
 *
 * @param name                   {@code <upstream>_<namespace>}
 * @param connectTimeout         connect timeout (default applied)
 * @param healthChecks           active health checks
 * @param outlierDetection       passive health checking, or null
 * @param circuitBreakers        thresholds, or null
 * @param tls                    TLS to priority-0 endpoints, or null for plaintext
 * @param transportMatches       TLS settings selected per endpoint (failover targets), by name
 * @param tiers                  endpoints by priority, priority 0 first; may be empty
 * @param overprovisioningFactor Envoy's overprovisioning factor, or null for Envoy's default
 * @param source                 the Upstream it comes from
 * @param protocol               the HTTP version spoken to the endpoints
 * @param discovery              how Envoy learns the endpoints' addresses
 * @param tuning                 load balancing and connection options, never null
 */
public record UpstreamCluster(
        String name,
        Duration connectTimeout,
        List<HealthCheck> healthChecks,
        OutlierDetection outlierDetection,
        CircuitBreakers circuitBreakers,
        UpstreamTls tls,
        List<TransportMatch> transportMatches,
        List<Tier> tiers,
        Integer overprovisioningFactor,
        ResourceKey source,
        Protocol protocol,
        Discovery discovery,
        ClusterTuning tuning) {
    public UpstreamCluster {
        healthChecks = List.copyOf(healthChecks);
        transportMatches = List.copyOf(transportMatches);
        tiers = List.copyOf(tiers);
        tuning = tuning == null ? ClusterTuning.NONE : tuning;
    }

    /** A cluster with Envoy's load balancing and connection defaults. */
    public UpstreamCluster(
            String name,
            Duration connectTimeout,
            List<HealthCheck> healthChecks,
            OutlierDetection outlierDetection,
            CircuitBreakers circuitBreakers,
            UpstreamTls tls,
            List<TransportMatch> transportMatches,
            List<Tier> tiers,
            Integer overprovisioningFactor,
            ResourceKey source,
            Protocol protocol,
            Discovery discovery) {
        this(
                name,
                connectTimeout,
                healthChecks,
                outlierDetection,
                circuitBreakers,
                tls,
                transportMatches,
                tiers,
                overprovisioningFactor,
                source,
                protocol,
                discovery,
                ClusterTuning.NONE);
    }

    /** An HTTP/1.1 cluster whose endpoints come over EDS. */
    public UpstreamCluster(
            String name,
            Duration connectTimeout,
            List<HealthCheck> healthChecks,
            OutlierDetection outlierDetection,
            CircuitBreakers circuitBreakers,
            UpstreamTls tls,
            List<TransportMatch> transportMatches,
            List<Tier> tiers,
            Integer overprovisioningFactor,
            ResourceKey source) {
        this(
                name,
                connectTimeout,
                healthChecks,
                outlierDetection,
                circuitBreakers,
                tls,
                transportMatches,
                tiers,
                overprovisioningFactor,
                source,
                Protocol.HTTP1,
                Discovery.EDS,
                ClusterTuning.NONE);
    }

    /** The same cluster under another name with only its own endpoints (priority 0): no failover tiers. */
    public UpstreamCluster localOnly(String twinName) {
        return new UpstreamCluster(
                twinName,
                connectTimeout,
                healthChecks,
                outlierDetection,
                circuitBreakers,
                tls,
                List.of(),
                tiers.stream().filter(t -> t.priority() == 0).toList(),
                null,
                source,
                protocol,
                discovery,
                tuning.withLoadReports(false));
    }

    /** The HTTP version Envoy speaks to the endpoints. */
    public enum Protocol {
        HTTP1,
        /** Needed for gRPC health checks; chosen by {@code useHttp2} or a {@code grpcHealthCheck}. */
        HTTP2
    }

    /** How Envoy learns the endpoints' addresses. */
    public enum Discovery {
        /** Endpoints are IP addresses, sent over EDS. */
        EDS,
        /** Endpoints include DNS names: Envoy resolves every one and keeps every address. */
        STRICT_DNS,
        /** A single DNS-named endpoint: Envoy connects to the first address the name resolves to. */
        LOGICAL_DNS
    }

    /**
     * TLS originated to an upstream.
     *
     * @param sni               SNI to send, empty for none
     * @param certificateSecret SDS name of the client certificate, or null
     * @param validationSecret  SDS name of the CA to verify the server with, or null (no verification)
     * @param options           files, external SDS, SANs, parameters and ALPN, or null for none
     */
    public record UpstreamTls(String sni, String certificateSecret, String validationSecret, TlsSettings options) {
        /** Certificate and CA from Spillway's SDS only. */
        public UpstreamTls(String sni, String certificateSecret, String validationSecret) {
            this(sni, certificateSecret, validationSecret, null);
        }
    }

    /**
     * A named TLS setting that endpoints select through {@code envoy.transport_socket_match} metadata.
     *
     * @param name {@code <address>_<port>_p<priority>_idx<j>}
     * @param tls  the TLS to originate
     */
    public record TransportMatch(String name, UpstreamTls tls) {}

    /**
     * Endpoints at one priority and locality.
     *
     * @param priority 0 for the upstream's own endpoints, i+1 for failover group i
     * @param region   locality region, may be empty
     * @param zone     locality zone, may be empty
     * @param subZone  locality sub-zone: the federation cluster the endpoints live in
     * @param endpoints endpoints in order
     * @param weight   the locality's load balancing weight, or null for none
     * @param overprovisioningFactor this tier's own factor when it differs from the cluster's, else null;
     *                 Envoy has one per assignment, so such a tier is served as a cluster of its own
     */
    public record Tier(
            int priority,
            String region,
            String zone,
            String subZone,
            List<Endpoint> endpoints,
            Integer weight,
            Integer overprovisioningFactor) {
        public Tier {
            endpoints = List.copyOf(endpoints);
        }

        /** A locality without a weight, with the cluster's factor. */
        public Tier(int priority, String region, String zone, String subZone, List<Endpoint> endpoints) {
            this(priority, region, zone, subZone, endpoints, null, null);
        }

        /** This tier with its own factor. */
        public Tier withOverprovisioningFactor(Integer factor) {
            return new Tier(priority, region, zone, subZone, endpoints, weight, factor);
        }

        /** This tier with the cluster's factor. */
        public Tier withoutOwnFactor() {
            return new Tier(priority, region, zone, subZone, endpoints, weight, null);
        }
    }

    /**
     * One endpoint.
     *
     * @param address        IP address or DNS name
     * @param port           port
     * @param hostname       hostname for health checks and auto host rewrite, or null
     * @param transportMatch name of the {@link TransportMatch} it uses, or null for the cluster default
     * @param healthCheckHostname host name its health checks send, overriding the check's own, or null
     * @param weight         load balancing weight, or null for Envoy's 1
     * @param wholeServiceCheck a failover gateway endpoint checked as its whole target: the remote gateway's
     *                       answer for it, reached through this {@link TransportMatch}; null for a check of
     *                       the endpoint itself
     */
    public record Endpoint(
            String address,
            int port,
            String hostname,
            String transportMatch,
            String healthCheckHostname,
            Integer weight,
            WholeServiceCheck wholeServiceCheck) {
        /** An endpoint checked as itself. */
        public Endpoint(
                String address,
                int port,
                String hostname,
                String transportMatch,
                String healthCheckHostname,
                Integer weight) {
            this(address, port, hostname, transportMatch, healthCheckHostname, weight, null);
        }

        /** An endpoint of weight 1. */
        public Endpoint(String address, int port, String hostname, String transportMatch, String healthCheckHostname) {
            this(address, port, hostname, transportMatch, healthCheckHostname, null);
        }

        /** An endpoint health-checked under its own hostname. */
        public Endpoint(String address, int port, String hostname, String transportMatch) {
            this(address, port, hostname, transportMatch, hostname);
        }
    }

    /**
     * How the primary's health check reaches a failover target as a whole: over TLS with a health SNI to its
     * failover gateway, which answers for the target's endpoints as it sees them.
     *
     * @param transportMatch the {@link TransportMatch} with the health SNI
     * @param serverName     the health SNI
     */
    public record WholeServiceCheck(String transportMatch, String serverName) {}

    /**
     * Passive health checking: Envoy's OutlierDetection fields that Gloo exposes; null fields take
     * Envoy's defaults. Percentages are 0..100.
     *
     * @param consecutive5xx                         consecutive 5xx before ejection
     * @param interval                               analysis interval
     * @param baseEjectionTime                       base ejection time
     * @param maxEjectionPercent                     maximum share of the cluster's hosts ejected
     * @param enforcingConsecutive5xx                chance an ejection by consecutive 5xx happens
     * @param enforcingSuccessRate                   chance an ejection by success rate happens
     * @param successRateMinimumHosts                hosts with enough volume before success rate counts
     * @param successRateRequestVolume               requests per interval before a host's success rate counts
     * @param successRateStdevFactor                 ejection threshold factor, times 1000
     * @param consecutiveGatewayFailure              consecutive 502/503/504 before ejection
     * @param enforcingConsecutiveGatewayFailure     chance an ejection by gateway failures happens
     * @param splitExternalLocalOriginErrors         count connection-level failures apart from responses
     * @param consecutiveLocalOriginFailure          consecutive local-origin failures before ejection
     * @param enforcingConsecutiveLocalOriginFailure chance an ejection by local-origin failures happens
     * @param enforcingLocalOriginSuccessRate        chance an ejection by local-origin success rate happens
     */
    public record OutlierDetection(
            Integer consecutive5xx,
            Duration interval,
            Duration baseEjectionTime,
            Integer maxEjectionPercent,
            Integer enforcingConsecutive5xx,
            Integer enforcingSuccessRate,
            Integer successRateMinimumHosts,
            Integer successRateRequestVolume,
            Integer successRateStdevFactor,
            Integer consecutiveGatewayFailure,
            Integer enforcingConsecutiveGatewayFailure,
            boolean splitExternalLocalOriginErrors,
            Integer consecutiveLocalOriginFailure,
            Integer enforcingConsecutiveLocalOriginFailure,
            Integer enforcingLocalOriginSuccessRate) {

        /** Consecutive 5xx, the timings and the ejection cap only. */
        public OutlierDetection(
                Integer consecutive5xx, Duration interval, Duration baseEjectionTime, Integer maxEjectionPercent) {
            this(
                    consecutive5xx,
                    interval,
                    baseEjectionTime,
                    maxEjectionPercent,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    false,
                    null,
                    null,
                    null);
        }
    }

    /**
     * Circuit breaker thresholds at the default routing priority; null fields take Envoy's defaults.
     *
     * @param maxConnections     maximum connections
     * @param maxPendingRequests maximum pending requests
     * @param maxRequests        maximum parallel requests
     * @param maxRetries         maximum parallel retries
     */
    public record CircuitBreakers(
            Integer maxConnections, Integer maxPendingRequests, Integer maxRequests, Integer maxRetries) {}
}
