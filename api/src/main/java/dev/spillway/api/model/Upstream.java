package dev.spillway.api.model;

import java.time.Duration;
import java.util.List;

/**
 * {@code gloo.solo.io/v1 Upstream}: a backend with its health checks. Exactly one of {@code kube}
 * and {@code statics} is set.
 *
 * @param meta             metadata
 * @param kube             Kubernetes service backend, or null
 * @param statics          static hosts backend, or null
 * @param healthChecks     active health checks, in order
 * @param connectTimeout   {@code spec.connectionConfig.connectTimeout}, or null for the default
 * @param ssl              upstream TLS ({@code spec.sslConfig}), or null for plaintext
 * @param outlierDetection passive health checking, or null
 * @param circuitBreakers  connection limits, or null
 * @param discovered       true when Spillway made this Upstream from a Kubernetes Service
 * @param useHttp2         {@code spec.useHttp2}: speak HTTP/2 to the endpoints
 * @param loadBalancer     {@code spec.loadBalancerConfig}, or null for Envoy's defaults
 * @param connection       {@code spec.connectionConfig} beyond the connect timeout, never null
 * @param ignoreHealthOnHostRemoval {@code spec.ignoreHealthOnHostRemoval}: drop a removed host even while it passes checks
 * @param failover         {@code spec.failover} written by hand, or null
 */
public record Upstream(
        ObjectMeta meta,
        KubeBackend kube,
        StaticBackend statics,
        List<HealthCheck> healthChecks,
        Duration connectTimeout,
        UpstreamSsl ssl,
        OutlierDetection outlierDetection,
        CircuitBreakers circuitBreakers,
        boolean discovered,
        boolean useHttp2,
        LoadBalancerConfig loadBalancer,
        ConnectionOptions connection,
        boolean ignoreHealthOnHostRemoval,
        Failover failover)
        implements Resource {

    public Upstream {
        healthChecks = List.copyOf(healthChecks);
        connection = connection == null ? ConnectionOptions.NONE : connection;
    }

    /** An Upstream without a hand-written failover. */
    public Upstream(
            ObjectMeta meta,
            KubeBackend kube,
            StaticBackend statics,
            List<HealthCheck> healthChecks,
            Duration connectTimeout,
            UpstreamSsl ssl,
            OutlierDetection outlierDetection,
            CircuitBreakers circuitBreakers,
            boolean discovered,
            boolean useHttp2,
            LoadBalancerConfig loadBalancer,
            ConnectionOptions connection,
            boolean ignoreHealthOnHostRemoval) {
        this(
                meta,
                kube,
                statics,
                healthChecks,
                connectTimeout,
                ssl,
                outlierDetection,
                circuitBreakers,
                discovered,
                useHttp2,
                loadBalancer,
                connection,
                ignoreHealthOnHostRemoval,
                null);
    }

    /** An Upstream with Envoy's load balancing and connection defaults. */
    public Upstream(
            ObjectMeta meta,
            KubeBackend kube,
            StaticBackend statics,
            List<HealthCheck> healthChecks,
            Duration connectTimeout,
            UpstreamSsl ssl,
            OutlierDetection outlierDetection,
            CircuitBreakers circuitBreakers,
            boolean discovered,
            boolean useHttp2) {
        this(
                meta,
                kube,
                statics,
                healthChecks,
                connectTimeout,
                ssl,
                outlierDetection,
                circuitBreakers,
                discovered,
                useHttp2,
                null,
                ConnectionOptions.NONE,
                false,
                null);
    }

    /** An Upstream spoken to in HTTP/1.1 unless a health check needs more. */
    public Upstream(
            ObjectMeta meta,
            KubeBackend kube,
            StaticBackend statics,
            List<HealthCheck> healthChecks,
            Duration connectTimeout,
            UpstreamSsl ssl,
            OutlierDetection outlierDetection,
            CircuitBreakers circuitBreakers,
            boolean discovered) {
        this(
                meta,
                kube,
                statics,
                healthChecks,
                connectTimeout,
                ssl,
                outlierDetection,
                circuitBreakers,
                discovered,
                false);
    }

    @Override
    public Kind kind() {
        return Kind.UPSTREAM;
    }

    @Override
    public Upstream withMeta(ObjectMeta m) {
        return new Upstream(
                m,
                kube,
                statics,
                healthChecks,
                connectTimeout,
                ssl,
                outlierDetection,
                circuitBreakers,
                discovered,
                useHttp2,
                loadBalancer,
                connection,
                ignoreHealthOnHostRemoval,
                failover);
    }

    /** True when Envoy can notice this upstream failing, so failover can trigger. */
    public boolean detectsFailure() {
        return !healthChecks.isEmpty() || outlierDetection != null;
    }

    /**
     * {@code spec.kube}: the endpoints of a Kubernetes Service port.
     *
     * @param serviceName      Service name
     * @param serviceNamespace Service namespace
     * @param servicePort      the Service port (not the target port)
     * @param selector         pod selector, informational
     */
    public record KubeBackend(
            String serviceName, String serviceNamespace, int servicePort, java.util.Map<String, String> selector) {
        public KubeBackend {
            selector = java.util.Map.copyOf(selector == null ? java.util.Map.of() : selector);
        }
    }

    /**
     * {@code spec.static}: fixed hosts.
     *
     * @param hosts          hosts in order
     * @param useTls         originate TLS to the hosts
     * @param settings       per-host settings, one for each host in the same order
     * @param autoSniRewrite {@code autoSniRewrite}: send each DNS-named host its own name as SNI (Gloo's
     *                       default, so null reads as true)
     */
    public record StaticBackend(
            List<HostPort> hosts, boolean useTls, List<HostSettings> settings, Boolean autoSniRewrite) {
        public StaticBackend {
            hosts = List.copyOf(hosts);
            settings = settings == null || settings.isEmpty()
                    ? hosts.stream().map(h -> HostSettings.NONE).toList()
                    : List.copyOf(settings);
            if (settings.size() != hosts.size()) {
                throw new IllegalArgumentException("one HostSettings per host");
            }
        }

        /** Hosts without per-host settings. */
        public StaticBackend(List<HostPort> hosts, boolean useTls) {
            this(hosts, useTls, List.of(), null);
        }
    }

    /**
     * The per-host fields of a static host.
     *
     * @param sniAddr             SNI sent to this host, or empty
     * @param loadBalancingWeight the host's weight, or null (Envoy: 1)
     */
    public record HostSettings(String sniAddr, Integer loadBalancingWeight) {
        public static final HostSettings NONE = new HostSettings("", null);

        public HostSettings {
            sniAddr = sniAddr == null ? "" : sniAddr;
        }
    }

    /**
     * {@code spec.sslConfig}: TLS from Envoy to the upstream. At most one of secretRef, files and sds
     * says where the certificate and CA come from.
     *
     * @param secretRef            client certificate secret (and its CA), or null
     * @param sni                  SNI to send, or empty
     * @param files                files on the proxy, or null
     * @param sds                  an external SDS server, or null
     * @param verifySubjectAltName SANs the server certificate must carry one of; empty for any
     * @param parameters           TLS versions and ciphers, or null for Envoy's defaults
     * @param alpnProtocols        ALPN protocols offered, empty for none
     */
    public record UpstreamSsl(
            ResourceRef secretRef,
            String sni,
            SslOptions.Files files,
            SslOptions.Sds sds,
            List<String> verifySubjectAltName,
            SslOptions.Parameters parameters,
            List<String> alpnProtocols) {
        public UpstreamSsl {
            verifySubjectAltName = List.copyOf(verifySubjectAltName);
            alpnProtocols = List.copyOf(alpnProtocols);
        }

        /** A certificate from a Secret (or none) and an SNI, nothing else. */
        public UpstreamSsl(ResourceRef secretRef, String sni) {
            this(secretRef, sni, null, null, List.of(), null, List.of());
        }
    }

    /**
     * {@code spec.outlierDetection}: the fields of Envoy's OutlierDetection that Gloo's own
     * OutlierDetection message exposes; null fields take Envoy's defaults. Percentages are 0..100.
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
     * {@code spec.circuitBreakers}; null fields take Envoy's defaults.
     *
     * @param maxConnections     maximum connections
     * @param maxPendingRequests maximum pending requests
     * @param maxRequests        maximum parallel requests
     * @param maxRetries         maximum parallel retries
     */
    public record CircuitBreakers(
            Integer maxConnections, Integer maxPendingRequests, Integer maxRequests, Integer maxRetries) {}

    /**
     * {@code spec.failover} written by hand, as Gloo Edge Enterprise takes it without Federation.
     *
     * @param priorities             {@code prioritizedLocalities}: entry i holds the localities of priority i+1
     * @param overprovisioningFactor {@code policy.overprovisioningFactor}, or null for Envoy's
     */
    public record Failover(List<List<FailoverLocality>> priorities, Integer overprovisioningFactor) {
        public Failover {
            priorities = priorities.stream().map(List::copyOf).toList();
        }
    }

    /**
     * One {@code localityEndpoints} entry.
     *
     * @param region    {@code locality.region}
     * @param zone      {@code locality.zone}
     * @param subZone   {@code locality.subZone}
     * @param endpoints {@code lbEndpoints}
     * @param weight    {@code loadBalancingWeight}, or null
     */
    public record FailoverLocality(
            String region, String zone, String subZone, List<FailoverEndpoint> endpoints, Integer weight) {
        public FailoverLocality {
            endpoints = List.copyOf(endpoints);
        }
    }

    /**
     * One {@code lbEndpoints} entry.
     *
     * @param address             {@code address}: an IP or a DNS name
     * @param port                {@code port}
     * @param healthCheckHostname {@code healthCheckConfig.hostname}, or null
     * @param ssl                 {@code upstreamSslConfig}: the TLS to this endpoint, or null for the Upstream's
     * @param weight              {@code loadBalancingWeight}, or null
     */
    public record FailoverEndpoint(
            String address, int port, String healthCheckHostname, UpstreamSsl ssl, Integer weight) {}
}
