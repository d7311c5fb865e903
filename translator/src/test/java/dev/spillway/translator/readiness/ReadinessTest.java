package dev.spillway.translator.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Condition;
import dev.spillway.api.status.SchemeReadiness;
import dev.spillway.api.status.TierReadiness;
import dev.spillway.translator.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's scheme checked tier by tier: each broken tier is not ready with its reason, the scheme Degraded. */
class ReadinessTest {
    private static final ResourceKey SCHEME =
            new ResourceKey(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "failover-scheme");
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String GREEN_SNI = "default-service-green-10000_gloo-system";

    @TempDir
    Path dir;

    private GuideScenario guide;
    private TestCertificates.Pair good;

    @BeforeEach
    void guide() {
        guide = new GuideScenario(dir);
        good = TestCertificates.selfSigned(
                "solo.io", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)), List.of("failover.local"));
        guide.clientSecret(good.certPem(), good.keyPem(), null);
    }

    private SchemeReadiness readiness() {
        return Readiness.of(guide.translate(), NOW).get(SCHEME);
    }

    private static Condition condition(SchemeReadiness r, int priority, String type) {
        TierReadiness tier = r.tiers().stream()
                .filter(t -> t.priority() == priority)
                .findFirst()
                .orElseThrow();
        return tier.conditions().stream()
                .filter(c -> c.type().equals(type))
                .findFirst()
                .orElseThrow();
    }

    private static void assertDegradedBy(SchemeReadiness r, String type, String reason) {
        Condition c = condition(r, 1, type);
        assertThat(c.status()).isFalse();
        assertThat(c.reason()).isEqualTo(reason);
        assertThat(r.tiers().get(1).ready()).isFalse();
        assertThat(r.isReady()).isFalse();
        assertThat(r.label()).isEqualTo("Degraded");
        assertThat(r.ready().message())
                .startsWith("tier 1 remote/gloo-system/default-service-green-10000: " + type + " " + reason);
    }

    @Test
    void theGuidesSchemeWithAGoodCertificateIsReady() {
        SchemeReadiness r = readiness();

        assertThat(r.isReady()).as(r.ready().message()).isTrue();
        assertThat(r.tiers()).extracting(TierReadiness::priority).containsExactly(0, 1);
        assertThat(r.tiers()).allMatch(TierReadiness::ready);
        assertThat(condition(r, 0, "PrimaryHealthChecked").message())
                .isEqualTo("HTTP GET /health every 1s, timeout 1s, unhealthy after 1 failure, healthy after 1 success");
        Condition address = condition(r, 1, "GatewayAddressResolved");
        assertThat(address.reason()).isEqualTo("LoadBalancerIngress");
        assertThat(address.message()).contains("34.1.2.3:15443", "Service gloo-system/failover on cluster remote");
        assertThat(condition(r, 1, "ClientCertificateValid").message())
                .contains("CN=solo.io", "DNS:failover.local", "valid until");
        assertThat(condition(r, 1, "ClientKeyMatches").reason()).isEqualTo("Matches");
        assertThat(condition(r, 1, "SniAllowed").message()).contains("listener-::-15443", GREEN_SNI);
        assertThat(condition(r, 1, "TargetHasEndpoints").message()).contains("10.1.2.7:10000");
    }

    @Test
    void noCaMeansTheGatewayIsNotVerifiedWhichIsShownButNotAFault() {
        Condition c = condition(readiness(), 1, "GatewayVerified");

        assertThat(c.status()).isFalse();
        assertThat(c.reason()).isEqualTo("NoCa");
        assertThat(c.blocks()).isFalse();
    }

    @Test
    void aCaInTheClientSecretMeansTheGatewayMustPresentTheSni() {
        guide.clientSecret(good.certPem(), good.keyPem(), good.certPem());

        Condition c = condition(readiness(), 1, "GatewayVerified");

        assertThat(c.status()).isTrue();
        assertThat(c.reason()).isEqualTo("CaPresent");
        assertThat(c.message()).contains("DNS SAN " + GREEN_SNI);
    }

    @Test
    void anExpiredClientCertificateTurnsTheTierNotReady() {
        TestCertificates.Pair expired = TestCertificates.selfSigned(
                "solo.io", NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(35)), List.of());
        guide.clientSecret(expired.certPem(), expired.keyPem(), null);

        SchemeReadiness r = readiness();

        assertDegradedBy(r, "ClientCertificateValid", "Expired");
        assertThat(condition(r, 1, "ClientCertificateValid").message()).contains("expired 2026-04-27");
    }

    @Test
    void aCertificateExpiringWithinAWeekWarnsButStaysReady() {
        TestCertificates.Pair soon = TestCertificates.selfSigned(
                "solo.io", NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(3)), List.of());
        guide.clientSecret(soon.certPem(), soon.keyPem(), null);

        SchemeReadiness r = readiness();

        assertThat(r.isReady()).isTrue();
        Condition c = condition(r, 1, "ClientCertificateValid");
        assertThat(c.reason()).isEqualTo("ExpiresSoon");
        assertThat(c.severity()).isEqualTo(Condition.Severity.WARNING);
        assertThat(r.warnings()).singleElement().asString().contains("in 3d 0h");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateRejectsTheSecretSoTheSchemeIsNotAccepted() {
        TestCertificates.Pair other = TestCertificates.selfSigned(
                "solo.io", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)), List.of());
        TestCertificates.Pair mismatched = TestCertificates.withKeyOf(good, other);
        guide.clientSecret(mismatched.certPem(), mismatched.keyPem(), null);

        SchemeReadiness r = readiness();

        assertThat(r.isReady()).isFalse();
        assertThat(r.label()).isEqualTo("Invalid");
        assertThat(r.ready().message())
                .contains("Secret gloo-system/failover-upstream on cluster local is Rejected")
                .doesNotContain("PRIVATE KEY")
                .doesNotContain(keyBody(other.keyPem()));
    }

    @Test
    void keysInEveryPemFormEnvoyReadsAreMatched() {
        for (var keys : List.of(TestCertificates.rsa(), TestCertificates.ec())) {
            for (var form : TestCertificates.KeyForm.values()) {
                TestCertificates.Pair pair = TestCertificates.selfSigned(
                        "solo.io", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), List.of(), keys, form);
                guide.clientSecret(pair.certPem(), pair.keyPem(), null);

                Condition c = condition(readiness(), 1, "ClientKeyMatches");

                assertThat(c.reason())
                        .as(keys.getPrivate().getAlgorithm() + " " + form + ": " + c.message())
                        .isEqualTo("Matches");
            }
        }
    }

    @Test
    void aTargetTheRemoteGatewayDoesNotAcceptTurnsTheTierNotReady() {
        // The gateway that forwards by SNI runs on another proxy than the one the failover Service selects.
        guide.write(
                "remote",
                "failover-gateway.yaml",
                guide.read("remote", "failover-gateway.yaml")
                        .replace("  bindPort: 15443\n", "  bindPort: 15443\n  proxyNames: [other-proxy]\n"));

        SchemeReadiness r = readiness();

        assertDegradedBy(r, "SniAllowed", "NotServed");
        assertThat(condition(r, 1, "SniAllowed").message())
                .contains("proxy gateway-proxy, port 15443", "served only by [other-proxy port 15443]");
    }

    @Test
    void aTargetWithNoEndpointsTurnsTheTierNotReady() {
        String green = guide.read("remote", "service-green.yaml");
        guide.write("remote", "service-green.yaml", green.substring(0, green.indexOf("---")));

        SchemeReadiness r = readiness();

        assertDegradedBy(r, "TargetHasEndpoints", "NoEndpoints");
        assertThat(r.ready().message())
                .contains("Upstream gloo-system/default-service-green-10000 on cluster remote has no endpoints");
    }

    @Test
    void anUnreadableCertificateRejectsTheSecretWithoutQuotingIt() {
        guide.clientSecret(
                "-----BEGIN CERTIFICATE-----\nnotbase64!!\n-----END CERTIFICATE-----\n", good.keyPem(), null);

        SchemeReadiness r = readiness();

        assertThat(r.label()).isEqualTo("Invalid");
        assertThat(r.ready().message())
                .contains("Secret gloo-system/failover-upstream on cluster local is Rejected")
                .doesNotContain("notbase64");
    }

    @Test
    void aSchemeThatIsNotAcceptedIsNotReadyForItsOwnReason() {
        guide.write("local", "secret-failover-upstream.yaml", "");

        SchemeReadiness r = readiness();

        assertThat(r.isReady()).isFalse();
        assertThat(r.label()).isEqualTo("Invalid");
        assertThat(r.ready().message()).contains("no Secret gloo-system/failover-upstream on cluster local");
        assertThat(r.tiers()).isEmpty();
    }

    private static String keyBody(String pem) {
        return pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    }
}
