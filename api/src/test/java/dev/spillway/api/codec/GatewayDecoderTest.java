package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.assertAccepted;
import static dev.spillway.api.codec.Decoding.assertAcceptedWithWarnings;
import static dev.spillway.api.codec.Decoding.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.HttpOptions;
import dev.spillway.api.model.ResourceRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayDecoderTest {

    /** A Gateway with {@code spec} as given. */
    private static String gateway(String spec) {
        return """
                apiVersion: gateway.solo.io/v1
                kind: Gateway
                metadata:
                  name: gw
                  namespace: gloo-system
                spec:
                """ + spec.indent(2);
    }

    @Test
    void gatewayOfNeitherTypeIsAnHttpGatewayWithDefaults() {
        Gateway gateway = (Gateway) assertAccepted(gateway("bindPort: 8080"));

        assertThat(gateway.bindAddress()).isEqualTo("::");
        assertThat(gateway.proxyNames()).containsExactly("gateway-proxy");
        assertThat(gateway.http()).isEqualTo(new Gateway.HttpGateway(Map.of(), List.of()));
        assertThat(gateway.tcp()).isNull();
    }

    @Test
    void httpGatewaySelectsVirtualServices() {
        Gateway gateway = (Gateway) assertAccepted(gateway("""
                bindAddress: 0.0.0.0
                bindPort: 8080
                proxyNames: [public-proxy]
                httpGateway:
                  virtualServiceSelector: {color: blue}
                  virtualServices:
                  - name: default
                  - {name: other, namespace: apps}
                """));

        assertThat(gateway.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(gateway.proxyNames()).containsExactly("public-proxy");
        assertThat(gateway.http())
                .isEqualTo(new Gateway.HttpGateway(
                        Map.of("color", "blue"),
                        List.of(new ResourceRef("default", "gloo-system"), new ResourceRef("other", "apps"))));
    }

    @Test
    void tcpHostForwardsToOneUpstream() {
        Gateway gateway = (Gateway) assertAccepted(gateway("""
                bindPort: 9000
                tcpGateway:
                  tcpHosts:
                  - name: db
                    sslConfig:
                      secretRef: {name: db-cert}
                      sniDomains: [db.example.com]
                      oneWayTls: true
                      alpnProtocols: [h2]
                    destination:
                      single: {upstream: {name: db}}
                """));

        assertThat(gateway.tcp().tcpHosts())
                .containsExactly(new Gateway.TcpHost(
                        "db",
                        new Gateway.TcpSsl(
                                new ResourceRef("db-cert", "gloo-system"),
                                List.of("db.example.com"),
                                true,
                                List.of("h2")),
                        new Gateway.TcpDestination(false, new ResourceRef("db", "gloo-system"))));
    }

    @Test
    void bindPortIsRequired() {
        assertRejected(gateway("httpGateway: {}"), "Gateway gloo-system/gw: spec.bindPort is required");
    }

    @Test
    void gatewayCannotBeBothHttpAndTcp() {
        assertRejected(gateway("""
                bindPort: 8080
                httpGateway: {}
                tcpGateway: {tcpHosts: [{name: a, destination: {forwardSniClusterName: {}}}]}
                """), "Gateway gloo-system/gw: spec must set only one of httpGateway, tcpGateway");
    }

    @Test
    void tcpGatewayNeedsHosts() {
        assertRejected(
                gateway("bindPort: 15443\ntcpGateway: {tcpHosts: []}"),
                "Gateway gloo-system/gw: spec.tcpGateway.tcpHosts must not be empty");
    }

    @Test
    void tcpDestinationMustBeExactlyOneForm() {
        assertRejected(
                gateway("""
                bindPort: 15443
                tcpGateway:
                  tcpHosts:
                  - name: failover
                    destination:
                      forwardSniClusterName: {}
                      single: {upstream: {name: db}}
                """),
                "Gateway gloo-system/gw: spec.tcpGateway.tcpHosts[0].destination must set exactly one of "
                        + "forwardSniClusterName, single, multi");
    }

    @Test
    void tcpSslNeedsASecret() {
        assertRejected(
                gateway("""
                bindPort: 15443
                tcpGateway:
                  tcpHosts:
                  - name: failover
                    sslConfig: {sniDomains: [a]}
                    destination: {forwardSniClusterName: {}}
                """), "Gateway gloo-system/gw: spec.tcpGateway.tcpHosts[0].sslConfig.secretRef is required");
    }

    @Test
    void sslAppliesToHttpGatewaysOnly() {
        Gateway https = (Gateway) Decoding.assertAccepted(gateway("bindPort: 8443\nssl: true"));
        Gateway tcp = (Gateway) assertAcceptedWithWarnings(
                gateway("""
                bindPort: 15443
                ssl: true
                tcpGateway:
                  tcpHosts:
                  - name: failover
                    sslConfig: {secretRef: {name: s}}
                    destination: {forwardSniClusterName: {}}
                """),
                "Gateway gloo-system/gw: spec.ssl applies to httpGateway only; tcpHosts use their own"
                        + " sslConfig (ignored)");

        assertThat(https.ssl()).isTrue();
        assertThat(tcp.ssl()).isFalse();
    }

    @Test
    void virtualServiceNamespacesAndExpressionsAreRead() {
        Gateway gw = (Gateway) Decoding.assertAccepted(gateway("""
                bindPort: 8080
                httpGateway:
                  virtualServiceNamespaces: [apps]
                  virtualServiceExpressions:
                    expressions:
                    - {key: tier, operator: NotIn, values: [dev]}
                    - {key: team, values: [a]}
                """));

        assertThat(gw.http().virtualServiceNamespaces()).containsExactly("apps");
        assertThat(gw.http().virtualServiceExpressions())
                .containsExactly(
                        new Gateway.LabelExpression("tier", Gateway.LabelExpression.Operator.NotIn, List.of("dev")),
                        // Equals is the enum's zero value: the operator of an expression that names none.
                        new Gateway.LabelExpression("team", Gateway.LabelExpression.Operator.Equals, List.of("a")));
    }

    @Test
    void connectionManagerSettingsAreRead() {
        Gateway gw = (Gateway) Decoding.assertAccepted(gateway("""
                bindPort: 8080
                httpGateway:
                  options:
                    grpcWeb: {disable: true}
                    httpConnectionManagerSettings:
                      useRemoteAddress: true
                      xffNumTrustedHops: 2
                      streamIdleTimeout: 300s
                      upgrades: [{websocket: {enabled: false}}]
                """));

        HttpOptions.ConnectionManager hcm = gw.http().options().connectionManager();
        assertThat(gw.http().options().grpcWebDisabled()).isTrue();
        assertThat(hcm.useRemoteAddress()).isTrue();
        assertThat(hcm.xffNumTrustedHops()).isEqualTo(2);
        assertThat(hcm.streamIdleTimeout()).hasMinutes(5);
        assertThat(hcm.websocket()).isFalse();
        assertThat(hcm.normalizePath()).isTrue();
        assertThat(hcm.generateRequestId()).isNull();
    }

    @Test
    void plainTcpHostsAndProxySettingsAreRead() {
        Gateway gw = (Gateway) Decoding.assertAccepted(gateway("""
                bindPort: 5432
                tcpGateway:
                  options: {tcpProxySettings: {maxConnectAttempts: 2}}
                  tcpHosts:
                  - name: db
                    destination:
                      multi:
                        destinations:
                        - {destination: {upstream: {name: a}}, weight: 1}
                        - {destination: {upstream: {name: b}}, weight: 2}
                """));

        Gateway.TcpHost host = gw.tcp().tcpHosts().get(0);
        assertThat(host.ssl()).isNull();
        assertThat(host.destination().multi()).extracting(d -> d.weight()).containsExactly(1, 2);
        assertThat(gw.tcp().settings().maxConnectAttempts()).isEqualTo(2);
    }

    @Test
    void gatewayOptionsAreNotSupported() {
        assertAcceptedWithWarnings(
                gateway("bindPort: 8080\noptions: {accessLoggingService: {}}"),
                "Gateway gloo-system/gw: spec.options is not supported by Spillway yet and was ignored");
    }
}
