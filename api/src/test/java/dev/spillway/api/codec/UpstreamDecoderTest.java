package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.assertAccepted;
import static dev.spillway.api.codec.Decoding.assertAcceptedWithWarnings;
import static dev.spillway.api.codec.Decoding.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.HealthCheck;
import dev.spillway.api.model.HostPort;
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
                        + "httpHealthCheck, tcpHealthCheck, grpcHealthCheck");
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
    void failoverFieldIsLeftToFailoverSchemes() {
        assertAcceptedWithWarnings(
                upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                failover:
                  prioritizedLocalities:
                  - localityEndpoints: []
                """),
                "Upstream gloo-system/blue: spec.failover is written by federation; use a FailoverScheme (ignored)");
    }

    @Test
    void connectionSettingsOtherThanConnectTimeoutAreNotSupported() {
        Upstream upstream = (Upstream) assertAcceptedWithWarnings(
                upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                connectionConfig: {connectTimeout: 2s, maxRequestsPerConnection: 10}
                """),
                "Upstream gloo-system/blue: spec.connectionConfig.maxRequestsPerConnection "
                        + "is not supported by Spillway yet and was ignored");

        assertThat(upstream.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void loadBalancerConfigIsNotSupported() {
        assertAcceptedWithWarnings(
                upstream("""
                kube: {serviceName: service-blue, servicePort: 10000}
                loadBalancerConfig: {roundRobin: {}}
                """),
                "Upstream gloo-system/blue: spec.loadBalancerConfig is not supported by Spillway yet and was ignored");
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
