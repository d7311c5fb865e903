package dev.spillway.server.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ProxyGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class XdsSecurityTest {
    static final XdsTls MTLS = new XdsTls(Path.of("s.crt"), Path.of("s.key"), Path.of("ca.crt"), Duration.ofSeconds(1));
    static final ProxyGroup LOCAL = new ProxyGroup("local", "gateway-proxy");

    @Test
    void withoutTlsThePortListensOnLoopbackAndServeWarns() {
        assertThat(XdsSecurity.LOOPBACK_PLAINTEXT.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(XdsSecurity.LOOPBACK_PLAINTEXT.warning())
                .hasValueSatisfying(w -> assertThat(w).contains("without TLS").contains("secrets"));
        assertThat(new XdsSecurity("0.0.0.0", null, "spillway").bindAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void withClientCertificatesThePortListensEverywhereAndChecksIdentities() {
        XdsSecurity mtls = new XdsSecurity(null, MTLS, "spillway");
        assertThat(mtls.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(mtls.warning()).isEmpty();
        assertThat(mtls.authorizer().denial(XdsPeer.PLAINTEXT, LOCAL)).isPresent();
        assertThat(mtls.authorizer()
                        .denial(
                                new XdsPeer(true, List.of("spiffe://spillway/cluster/local/proxy/gateway-proxy")),
                                LOCAL))
                .isEmpty();
        assertThat(mtls.authorizer()
                        .denial(new XdsPeer(true, List.of("spiffe://other/cluster/local/proxy/gateway-proxy")), LOCAL))
                .isPresent();
    }

    @Test
    void tlsWithoutClientCertificatesWarnsThatAnyoneMayClaimAnyGroup() {
        XdsSecurity tls = new XdsSecurity(
                null, new XdsTls(Path.of("s.crt"), Path.of("s.key"), null, Duration.ofSeconds(1)), "spillway");
        assertThat(tls.warning()).hasValueSatisfying(w -> assertThat(w).contains("--xds-client-ca"));
        assertThat(tls.authorizer().denial(XdsPeer.PLAINTEXT, LOCAL)).isEmpty();
    }

    @Test
    void spiffeIdsRoundTripIncludingClusterWideAndProxyless() {
        for (SpiffeId id : List.of(
                new SpiffeId("spillway", "local", "gateway-proxy"),
                new SpiffeId("spillway", "local", SpiffeId.ANY_PROXY),
                SpiffeId.of("spillway", ProxyGroup.proxyless("remote")))) {
            assertThat(SpiffeId.parse(id.uri())).contains(id);
        }
        assertThat(SpiffeId.parse("spiffe://spillway/cluster/local")).isEmpty();
        assertThat(new SpiffeId("spillway", "local", "*").covers(ProxyGroup.proxyless("local")))
                .isTrue();
        assertThat(new SpiffeId("spillway", "local", "*").covers(new ProxyGroup("remote", "gateway-proxy")))
                .isFalse();
    }
}
