package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.assertAccepted;
import static dev.spillway.api.codec.Decoding.assertAcceptedWithWarnings;
import static dev.spillway.api.codec.Decoding.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ConnectionOptions;
import dev.spillway.api.model.HealthCheck;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.LoadBalancerConfig;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.Upstream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamDecoderTest {

    private static final String HEADER = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata:
              name: blue
              namespace: gloo-system
            """;

    /** An Upstream with {@code spec} as given (indented by two spaces). */
    private static String upstream(String spec) {
        return HEADER + "spec:\n" + spec.indent(2);
    }

    /** A kube Upstream with one HTTP health check whose fields are as given. */
    private static String withHealthCheck(String healthCheck) {
        return upstream("kube: {serviceName: service-blue, servicePort: 10000}\nhealthChecks:\n- "
                + healthCheck.indent(2).substring(2));
    }

    private static final String GOOD_CHECK = """
            timeout: 1s
            interval: 1s
            unhealthyThreshold: 1
            healthyThreshold: 1
            httpHealthCheck: {path: /health}
            """;

    @Test
    void decodesEveryField() {
        Upstream upstream = (Upstream) assertAccepted(upstream("""
                static:
                  hosts:
                  - {addr: 10.0.0.1, port: 8443}
                  useTls: true
                healthChecks:
                - timeout: 0.5s
                  interval: 2s
                  unhealthyThreshold: 3
                  healthyThreshold: 2
                  intervalJitter: 0.1s
                  noTrafficInterval: 60s
                  unhealthyEdgeInterval: 1s
                  healthyEdgeInterval: 5s
                  httpHealthCheck:
                    path: /health
                    host: blue.local
                    expectedStatuses: [{start: 200, end: 300}]
                - {timeout: 1s, interval: 1s, unhealthyThreshold: 1, healthyThreshold: 1,
                   tcpHealthCheck: {send: {text: "0000"}, receive: [{text: FF}]}}
                - {timeout: 1s, interval: 1s, unhealthyThreshold: 1, healthyThreshold: 1,
                   grpcHealthCheck: {serviceName: color, authority: blue}}
                connectionConfig: {connectTimeout: 0.25s}
                sslConfig: {secretRef: {name: client-cert}, sni: blue.example.com}
                outlierDetection: {consecutive5xx: 5, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50}
                circuitBreakers: {maxConnections: 1, maxPendingRequests: 2, maxRequests: 3, maxRetries: 4}
                """));

        assertThat(upstream.statics())
                .isEqualTo(new Upstream.StaticBackend(List.of(new HostPort("10.0.0.1", 8443)), true));
        assertThat(upstream.healthChecks())
                .containsExactly(
                        new HealthCheck(
                                Duration.ofMillis(500),
                                Duration.ofSeconds(2),
                                3,
                                2,
                                Duration.ofMillis(100),
                                Duration.ofSeconds(60),
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(5),
                                new HealthCheck.Http(
                                        "/health", "blue.local", List.of(new HealthCheck.StatusRange(200, 300))),
                                null,
                                null),
                        new HealthCheck(
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(1),
                                1,
                                1,
                                null,
                                null,
                                null,
                                null,
                                null,
                                new HealthCheck.Tcp("0000", List.of("FF")),
                                null),
                        new HealthCheck(
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(1),
                                1,
                                1,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                new HealthCheck.Grpc("color", "blue")));
        assertThat(upstream.connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(upstream.ssl())
                .isEqualTo(new Upstream.UpstreamSsl(new ResourceRef("client-cert", "gloo-system"), "blue.example.com"));
        assertThat(upstream.outlierDetection())
                .isEqualTo(new Upstream.OutlierDetection(5, Duration.ofSeconds(10), Duration.ofSeconds(30), 50));
        assertThat(upstream.circuitBreakers()).isEqualTo(new Upstream.CircuitBreakers(1, 2, 3, 4));
        assertThat(upstream.discovered()).isFalse();
    }

    @Test
    void staticUpstreamOnPort443UsesTlsUnlessToldOtherwise() {
        Upstream implicit = (Upstream) assertAccepted(upstream("static: {hosts: [{addr: example.com, port: 443}]}"));
        Upstream explicit =
                (Upstream) assertAccepted(upstream("static: {hosts: [{addr: example.com, port: 443}], useTls: false}"));

        assertThat(implicit.statics().useTls()).isTrue();
        assertThat(explicit.statics().useTls()).isFalse();
    }

    @Test
    void missingRequiredField() {
        assertRejected(
                upstream("kube: {serviceName: service-blue}"),
                "Upstream gloo-system/blue: spec.kube.servicePort is required");
    }

    @Test
    void missingSpec() {
        assertRejected(HEADER, "Upstream gloo-system/blue: spec is required");
    }

    @Test
    void stringOfAnotherType() {
        assertRejected(
                upstream("kube: {serviceName: 42, servicePort: 10000}"),
                "Upstream gloo-system/blue: spec.kube.serviceName must be a string");
    }

    @Test
    void integerOfAnotherType() {
        assertRejected(
                upstream("kube: {serviceName: service-blue, servicePort: \"10000\"}"),
                "Upstream gloo-system/blue: spec.kube.servicePort must be an integer");
    }

    @Test
    void booleanOfAnotherType() {
        assertRejected(
                upstream("static: {hosts: [{addr: 10.0.0.1, port: 80}], useTls: \"yes\"}"),
                "Upstream gloo-system/blue: spec.static.useTls must be a boolean");
    }

    @Test
    void objectOfAnotherType() {
        assertRejected(upstream("kube: service-blue"), "Upstream gloo-system/blue: spec.kube must be an object");
    }

    @Test
    void listOfAnotherType() {
        assertRejected(
                upstream("kube: {serviceName: service-blue, servicePort: 10000}\nhealthChecks: {timeout: 1s}"),
                "Upstream gloo-system/blue: spec.healthChecks must be a list");
    }

    @Test
    void listItemOfAnotherType() {
        assertRejected(
                upstream("static: {hosts: [10.0.0.1]}"),
                "Upstream gloo-system/blue: spec.static.hosts[0] must be an object");
    }

    @Test
    void durationThatIsNotAString() {
        assertRejected(
                withHealthCheck(GOOD_CHECK.replace("interval: 1s", "interval: 1")),
                "Upstream gloo-system/blue: spec.healthChecks[0].interval must be a duration string such as \"1s\"");
    }

    @Test
    void durationInAnotherForm() {
        assertRejected(
                withHealthCheck(GOOD_CHECK.replace("timeout: 1s", "timeout: 1x")),
                "Upstream gloo-system/blue: spec.healthChecks[0].timeout \"1x\" is not a duration "
                        + "(expected protobuf JSON form such as \"1s\" or \"0.25s\")");
    }

    @Test
    void healthCheckIntervalMustBeGreaterThanZero() {
        assertRejected(
                withHealthCheck(GOOD_CHECK.replace("interval: 1s", "interval: 0s")),
                "Upstream gloo-system/blue: spec.healthChecks[0].interval must be greater than 0");
    }

    @Test
    void negativeJitterIsRejectedBeforeItBecomesAnInvalidProtobufDuration() {
        assertRejected(
                withHealthCheck(GOOD_CHECK + "intervalJitter: -0.5s\n"),
                "Upstream gloo-system/blue: spec.healthChecks[0].intervalJitter must not be negative");
    }

    @Test
    void connectTimeoutMustBeGreaterThanZero() {
        assertRejected(
                upstream("kube: {serviceName: service-blue, servicePort: 10000}\n"
                        + "connectionConfig: {connectTimeout: \"-1s\"}"),
                "Upstream gloo-system/blue: spec.connectionConfig.connectTimeout must be greater than 0");
    }

    @Test
    void portOutOfRange() {
        assertRejected(
                upstream("kube: {serviceName: service-blue, servicePort: 70000}"),
                "Upstream gloo-system/blue: spec.kube.servicePort 70000 is outside 1..65535");
    }

    @Test
    void thresholdsMustBeAtLeastOne() {
        assertRejected(
                withHealthCheck("""
                        timeout: 1s
                        interval: 1s
                        unhealthyThreshold: 1
                        healthyThreshold: 0
                        httpHealthCheck: {path: /health}
                        """),
                "Upstream gloo-system/blue: spec.healthChecks[0].healthyThreshold must be at least 1");
    }

    @Test
    void healthCheckFieldsAreRequired() {
        assertRejected(
                withHealthCheck("httpHealthCheck: {path: /health}"),
                "Upstream gloo-system/blue: spec.healthChecks[0].timeout is required",
                "Upstream gloo-system/blue: spec.healthChecks[0].interval is required",
                "Upstream gloo-system/blue: spec.healthChecks[0].unhealthyThreshold is required",
                "Upstream gloo-system/blue: spec.healthChecks[0].healthyThreshold is required");
    }

    @Test
    void healthCheckMustHaveExactlyOneProtocol() {
        assertRejected(
                withHealthCheck(GOOD_CHECK.replace("httpHealthCheck: {path: /health}", "")),
                "Upstream gloo-system/blue: spec.healthChecks[0] must set exactly one of "
                        + "httpHealthCheck, tcpHealthCheck, grpcHealthCheck, customHealthCheck");
    }

    @Test
    void httpHealthCheckPathMustStartWithSlash() {
        assertRejected(
                withHealthCheck(GOOD_CHECK.replace("/health", "health")),
                "Upstream gloo-system/blue: spec.healthChecks[0].httpHealthCheck.path must start with \"/\"");
    }

    @Test
    void upstreamMustHaveExactlyOneBackend() {
        assertRejected(upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                static: {hosts: [{addr: 10.0.0.1, port: 80}]}
                """), "Upstream gloo-system/blue: spec must set exactly one of kube, static");
    }

    @Test
    void maxEjectionPercentIsAPercentage() {
        assertRejected(
                upstream("kube: {serviceName: service-blue, servicePort: 10000}\n"
                        + "outlierDetection: {maxEjectionPercent: 150}"),
                "Upstream gloo-system/blue: spec.outlierDetection.maxEjectionPercent 150 is outside 0..100");
    }

    @Test
    void decodesEveryOutlierDetectionFieldGlooExposes() {
        Upstream upstream = (Upstream) assertAccepted(upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                outlierDetection:
                  consecutive5xx: 7
                  interval: 2s
                  baseEjectionTime: 15s
                  maxEjectionPercent: 100
                  enforcingConsecutive5xx: 90
                  enforcingSuccessRate: 80
                  successRateMinimumHosts: 3
                  successRateRequestVolume: 50
                  successRateStdevFactor: 1500
                  consecutiveGatewayFailure: 4
                  enforcingConsecutiveGatewayFailure: 70
                  splitExternalLocalOriginErrors: true
                  consecutiveLocalOriginFailure: 6
                  enforcingConsecutiveLocalOriginFailure: 60
                  enforcingLocalOriginSuccessRate: 50
                """));

        assertThat(upstream.outlierDetection())
                .isEqualTo(new Upstream.OutlierDetection(
                        7,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(15),
                        100,
                        90,
                        80,
                        3,
                        50,
                        1500,
                        4,
                        70,
                        true,
                        6,
                        60,
                        50));
    }

    @Test
    void outlierDetectionPercentagesAndCountsAreChecked() {
        assertRejected(
                upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                outlierDetection:
                  enforcingConsecutive5xx: 101
                  enforcingLocalOriginSuccessRate: -1
                  successRateMinimumHosts: -3
                  splitExternalLocalOriginErrors: "yes"
                  interval: -1s
                """),
                "Upstream gloo-system/blue: spec.outlierDetection.interval must be greater than 0",
                "Upstream gloo-system/blue: spec.outlierDetection.enforcingConsecutive5xx 101 is outside 0..100",
                "Upstream gloo-system/blue: spec.outlierDetection.successRateMinimumHosts must be at least 0",
                "Upstream gloo-system/blue: spec.outlierDetection.splitExternalLocalOriginErrors must be a boolean",
                "Upstream gloo-system/blue: spec.outlierDetection.enforcingLocalOriginSuccessRate -1 is outside 0..100");
    }

    @Test
    void decodesEveryGlooHealthCheckField() {
        Upstream upstream = (Upstream) assertAccepted(withHealthCheck("""
                timeout: 1s
                interval: 5s
                unhealthyThreshold: 2
                healthyThreshold: 1
                initialJitter: 0.5s
                intervalJitterPercent: 10
                unhealthyInterval: 2s
                reuseConnection: false
                eventLogPath: /dev/stdout
                alwaysLogHealthCheckFailures: true
                httpHealthCheck:
                  path: /healthz
                  serviceName: blue
                  useHttp2: true
                  method: HEAD
                  requestHeadersToAdd:
                  - header: {key: x-check, value: spillway}
                  - header: {key: x-replace, value: one}
                    append: false
                  requestHeadersToRemove: [x-drop]
                """));

        HealthCheck check = upstream.healthChecks().get(0);
        assertThat(check.options())
                .isEqualTo(new HealthCheck.Options(
                        Duration.ofMillis(500), 10, Duration.ofSeconds(2), false, "/dev/stdout", true));
        assertThat(check.http())
                .isEqualTo(new HealthCheck.Http(
                        "/healthz",
                        "",
                        List.of(),
                        "blue",
                        true,
                        "HEAD",
                        List.of(
                                new HealthCheck.Header("x-check", "spillway", true),
                                new HealthCheck.Header("x-replace", "one", false)),
                        List.of("x-drop")));
    }

    @Test
    void grpcHealthCheckSendsItsInitialMetadata() {
        Upstream upstream = (Upstream) assertAccepted(withHealthCheck(GOOD_CHECK.replace(
                "httpHealthCheck: {path: /health}",
                "grpcHealthCheck: {serviceName: shop, initialMetadata: [{header: {key: x-token, value: fake}}]}")));

        assertThat(upstream.healthChecks().get(0).grpc())
                .isEqualTo(new HealthCheck.Grpc("shop", "", List.of(new HealthCheck.Header("x-token", "fake", true))));
    }

    @Test
    void healthCheckFieldsEnvoyWouldRefuseAreRejected() {
        assertRejected(
                withHealthCheck("""
                timeout: 1s
                interval: 1s
                unhealthyThreshold: 1
                healthyThreshold: 1
                unhealthyInterval: -2s
                httpHealthCheck:
                  path: /health
                  method: CONNECT
                  requestHeadersToAdd:
                  - header: {key: ":authority", value: "50%"}
                  requestHeadersToRemove: [Host]
                """),
                "Upstream gloo-system/blue: spec.healthChecks[0].httpHealthCheck.method "
                        + "CONNECT is not allowed on HTTP health checks",
                "Upstream gloo-system/blue: spec.healthChecks[0].httpHealthCheck.requestHeadersToAdd[0].header.key "
                        + "may not be a :-prefixed or host header",
                "Upstream gloo-system/blue: spec.healthChecks[0].httpHealthCheck.requestHeadersToAdd[0].header.value "
                        + "has a % that starts no %VARIABLE%: write a literal % as %%",
                "Upstream gloo-system/blue: spec.healthChecks[0].httpHealthCheck.requestHeadersToRemove[0] "
                        + "may not be a :-prefixed or host header",
                "Upstream gloo-system/blue: spec.healthChecks[0].unhealthyInterval must be greater than 0");
    }

    @Test
    void anUnknownHealthCheckMethodIsRejected() {
        assertRejected(
                withHealthCheck(GOOD_CHECK.replace("{path: /health}", "{path: /health, method: FETCH}")),
                "Upstream gloo-system/blue: spec.healthChecks[0].httpHealthCheck.method "
                        + "must be one of GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE, PATCH");
    }

    @Test
    void customHealthCheckersAndResponseAssertionsAreRejectedWithTheReason() {
        assertRejected(
                withHealthCheck(GOOD_CHECK.replace(
                        "httpHealthCheck: {path: /health}", "customHealthCheck: {name: envoy.health_checkers.redis}")),
                "Upstream gloo-system/blue: spec.healthChecks[0].customHealthCheck is not supported: a custom "
                        + "health checker's typed config cannot be checked against Envoy's rules, and dropping it "
                        + "would leave the hosts unchecked");
        assertRejected(
                withHealthCheck(GOOD_CHECK.replace(
                        "{path: /health}", "{path: /health, responseAssertions: {noMatchHealth: unhealthy}}")),
                "Upstream gloo-system/blue: spec.healthChecks[0].httpHealthCheck.responseAssertions is not "
                        + "supported: it needs Gloo Enterprise's advanced_http health checker, which Envoy does not "
                        + "have (tcpHealthCheck receive or expectedStatuses can check responses)");
    }

    @Test
    void decodesLoadBalancerConfig() {
        Upstream upstream = (Upstream) assertAccepted(upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                loadBalancerConfig:
                  healthyPanicThreshold: 12.5
                  updateMergeWindow: 0s
                  leastRequest:
                    choiceCount: 3
                    slowStartConfig: {slowStartWindow: 30s, aggression: 1.5, minWeightPercent: 20}
                  localityWeightedLbConfig: {}
                """));

        assertThat(upstream.loadBalancer())
                .isEqualTo(new LoadBalancerConfig(
                        12.5,
                        Duration.ZERO,
                        LoadBalancerConfig.Policy.LEAST_REQUEST,
                        3,
                        new LoadBalancerConfig.SlowStart(Duration.ofSeconds(30), 1.5, 20.0),
                        null,
                        null,
                        true,
                        false,
                        false));
    }

    @Test
    void loadBalancerConfigOutsideEnvoysBoundsIsRejected() {
        assertRejected(
                upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                loadBalancerConfig:
                  healthyPanicThreshold: 100.5
                  updateMergeWindow: -1s
                  ringHash: {ringHashConfig: {minimumRingSize: 4096, maximumRingSize: 1024}}
                  maglev: {}
                """),
                "Upstream gloo-system/blue: spec.loadBalancerConfig.healthyPanicThreshold 100.5 is outside 0..100",
                "Upstream gloo-system/blue: spec.loadBalancerConfig.updateMergeWindow must not be negative",
                "Upstream gloo-system/blue: spec.loadBalancerConfig must set only one of "
                        + "roundRobin, leastRequest, random, ringHash, maglev",
                "Upstream gloo-system/blue: spec.loadBalancerConfig.ringHash.ringHashConfig.minimumRingSize "
                        + "must not be above maximumRingSize");
        assertRejected(
                upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                loadBalancerConfig: {leastRequest: {choiceCount: 1, slowStartConfig: {aggression: 0}}}
                """),
                "Upstream gloo-system/blue: spec.loadBalancerConfig.leastRequest.slowStartConfig.aggression "
                        + "must be greater than 0",
                "Upstream gloo-system/blue: spec.loadBalancerConfig.leastRequest.choiceCount "
                        + "must be at least 2 (0 for Envoy's default of 2)");
    }

    @Test
    void decodesConnectionConfig() {
        Upstream upstream = (Upstream) assertAccepted(upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                connectionConfig:
                  connectTimeout: 2s
                  maxRequestsPerConnection: 100
                  tcpKeepalive: {keepaliveProbes: 3, keepaliveTime: 60s, keepaliveInterval: 1.5s}
                  perConnectionBufferLimitBytes: 32768
                  commonHttpProtocolOptions:
                    idleTimeout: 300s
                    maxHeadersCount: 80
                    maxStreamDuration: 60s
                    headersWithUnderscoresAction: DROP_HEADER
                  http1ProtocolOptions:
                    enableTrailers: true
                    preserveCaseHeaderKeyFormat: true
                    overrideStreamErrorOnInvalidHttpMessage: false
                ignoreHealthOnHostRemoval: true
                """));

        assertThat(upstream.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(upstream.connection())
                .isEqualTo(new ConnectionOptions(
                        100,
                        new ConnectionOptions.TcpKeepalive(3, Duration.ofSeconds(60), Duration.ofMillis(1500)),
                        32768,
                        new ConnectionOptions.CommonHttp(
                                Duration.ofSeconds(300), 80, Duration.ofSeconds(60), "DROP_HEADER"),
                        new ConnectionOptions.Http1(true, ConnectionOptions.HeaderKeyFormat.PRESERVE_CASE, false)));
        assertThat(upstream.ignoreHealthOnHostRemoval()).isTrue();
    }

    @Test
    void http1OptionsOnAnHttp2ClusterAreAWarning() {
        assertAcceptedWithWarnings(
                upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                useHttp2: true
                connectionConfig: {http1ProtocolOptions: {enableTrailers: true}}
                """),
                "Upstream gloo-system/blue: spec.connectionConfig.http1ProtocolOptions is ignored: "
                        + "the cluster speaks HTTP/2 (useHttp2 or a grpcHealthCheck)");
    }

    @Test
    void connectionConfigValuesEnvoyRefusesAreRejected() {
        assertRejected(
                upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                connectionConfig:
                  tcpKeepalive: {keepaliveTime: -5s}
                  commonHttpProtocolOptions: {headersWithUnderscoresAction: IGNORE}
                  http1ProtocolOptions: {properCaseHeaderKeyFormat: true, preserveCaseHeaderKeyFormat: true}
                """),
                "Upstream gloo-system/blue: spec.connectionConfig.tcpKeepalive.keepaliveTime must not be negative",
                "Upstream gloo-system/blue: spec.connectionConfig.commonHttpProtocolOptions."
                        + "headersWithUnderscoresAction must be one of ALLOW, REJECT_REQUEST, DROP_HEADER",
                "Upstream gloo-system/blue: spec.connectionConfig.http1ProtocolOptions must set only one of "
                        + "properCaseHeaderKeyFormat, preserveCaseHeaderKeyFormat");
    }

    @Test
    void decodesStaticHostFields() {
        Upstream upstream = (Upstream) assertAccepted(upstream("""
                static:
                  autoSniRewrite: false
                  hosts:
                  - {addr: 10.0.0.1, port: 443, sniAddr: a.example.com, loadBalancingWeight: 3}
                  - {addr: 10.0.0.2, port: 443}
                """));

        assertThat(upstream.statics().settings())
                .containsExactly(new Upstream.HostSettings("a.example.com", 3), Upstream.HostSettings.NONE);
        assertThat(upstream.statics().autoSniRewrite()).isFalse();
    }

    @Test
    void aHostsWeightIsAtLeastOneAndItsHealthCheckPathIsAWarning() {
        assertRejected(
                upstream("static: {hosts: [{addr: 10.0.0.1, port: 80, loadBalancingWeight: 0}]}"),
                "Upstream gloo-system/blue: spec.static.hosts[0].loadBalancingWeight must be at least 1");
        assertAcceptedWithWarnings(
                upstream("static: {hosts: [{addr: 10.0.0.1, port: 80, healthCheckConfig: {path: /ready}}]}"),
                "Upstream gloo-system/blue: spec.static.hosts[0].healthCheckConfig is not supported: Envoy's HTTP "
                        + "health checker has no per-host path or method (Gloo Enterprise's advanced_http checker "
                        + "reads them); the Upstream's health check is used as written");
    }

    @Test
    void aHandWrittenFailoverKeepsItsPrioritiesLocalitiesAndPerEndpointTls() {
        Upstream upstream = (Upstream) assertAccepted(upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                failover:
                  prioritizedLocalities:
                  - localityEndpoints:
                    - locality: {region: us-west1, zone: us-west1-b, subZone: r1}
                      loadBalancingWeight: 2
                      lbEndpoints:
                      - address: 203.0.113.20
                        port: 15443
                        healthCheckConfig: {hostname: green.remote}
                        upstreamSslConfig: {secretRef: {name: failover-upstream}, sni: green.remote}
                        loadBalancingWeight: 4
                  - localityEndpoints:
                    - lbEndpoints:
                      - {address: green.eu.example.com, port: 10000}
                  policy: {overprovisioningFactor: 140}
                """));

        Upstream.Failover failover = upstream.failover();
        assertThat(failover.overprovisioningFactor()).isEqualTo(140);
        assertThat(failover.priorities()).hasSize(2);
        Upstream.FailoverLocality west = failover.priorities().get(0).get(0);
        assertThat(List.of(west.region(), west.zone(), west.subZone())).containsExactly("us-west1", "us-west1-b", "r1");
        assertThat(west.weight()).isEqualTo(2);
        Upstream.FailoverEndpoint gateway = west.endpoints().get(0);
        assertThat(gateway.address()).isEqualTo("203.0.113.20");
        assertThat(gateway.port()).isEqualTo(15443);
        assertThat(gateway.healthCheckHostname()).isEqualTo("green.remote");
        assertThat(gateway.weight()).isEqualTo(4);
        assertThat(gateway.ssl().secretRef()).isEqualTo(new ResourceRef("failover-upstream", "gloo-system"));
        assertThat(gateway.ssl().sni()).isEqualTo("green.remote");
        Upstream.FailoverEndpoint byName =
                failover.priorities().get(1).get(0).endpoints().get(0);
        assertThat(byName.address()).isEqualTo("green.eu.example.com");
        assertThat(byName.ssl()).isNull();
    }

    @Test
    void tcpPayloadsAreHex() {
        assertRejected(
                withHealthCheck(
                        GOOD_CHECK.replace("httpHealthCheck: {path: /health}", "tcpHealthCheck: {send: {text: ping}}")),
                "Upstream gloo-system/blue: spec.healthChecks[0].tcpHealthCheck.send.text "
                        + "must be hex-encoded bytes such as \"000000FF\"");
    }
}
