package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.assertAccepted;
import static dev.spillway.api.codec.Decoding.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.FailoverScheme.FailoverGroup;
import dev.spillway.api.model.FailoverScheme.Target;
import dev.spillway.api.model.ResourceRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverSchemeDecoderTest {

    private static final String PRIMARY = """
            primary:
              clusterName: local
              name: default-service-blue-10000
              namespace: gloo-system
            """;

    /** A FailoverScheme with {@code spec} as given. */
    private static String scheme(String spec) {
        return """
                apiVersion: fed.solo.io/v1
                kind: FailoverScheme
                metadata:
                  name: failover-scheme
                  namespace: gloo-fed
                spec:
                """ + spec.indent(2);
    }

    @Test
    void groupsAreFlattenedInOrder() {
        FailoverScheme scheme = (FailoverScheme) assertAccepted(scheme(PRIMARY + """
                failoverGroups:
                - priorityGroup:
                  - cluster: remote
                    upstreams:
                    - {name: green, namespace: gloo-system}
                    - {name: teal}
                  - cluster: east
                    upstreams: [{name: green, namespace: gloo-system}]
                - priorityGroup:
                  - cluster: west
                    upstreams: [{name: green, namespace: gloo-system}]
                overprovisioningFactor: 200
                """));

        assertThat(scheme.failoverGroups())
                .containsExactly(
                        new FailoverGroup(List.of(
                                new Target("remote", new ResourceRef("green", "gloo-system")),
                                new Target("remote", new ResourceRef("teal", "gloo-fed")),
                                new Target("east", new ResourceRef("green", "gloo-system")))),
                        new FailoverGroup(List.of(new Target("west", new ResourceRef("green", "gloo-system")))));
        assertThat(scheme.overprovisioningFactor()).isEqualTo(200);
    }

    @Test
    void failoverGroupsMustNotBeEmpty() {
        assertRejected(
                scheme(PRIMARY + "failoverGroups: []"),
                "FailoverScheme gloo-fed/failover-scheme: spec.failoverGroups must not be empty");
    }

    @Test
    void absentFailoverGroupsAreEmpty() {
        assertRejected(
                scheme(PRIMARY), "FailoverScheme gloo-fed/failover-scheme: spec.failoverGroups must not be empty");
    }

    @Test
    void priorityGroupMustNotBeEmpty() {
        assertRejected(
                scheme(PRIMARY + "failoverGroups: [{priorityGroup: []}]"),
                "FailoverScheme gloo-fed/failover-scheme: spec.failoverGroups[0].priorityGroup must not be empty");
    }

    @Test
    void priorityGroupUpstreamsMustNotBeEmpty() {
        assertRejected(
                scheme(PRIMARY + "failoverGroups: [{priorityGroup: [{cluster: remote, upstreams: []}]}]"),
                "FailoverScheme gloo-fed/failover-scheme: spec.failoverGroups[0].priorityGroup[0].upstreams "
                        + "must not be empty");
    }

    @Test
    void primaryIsFullySpecified() {
        assertRejected(
                scheme("""
                primary: {name: default-service-blue-10000}
                failoverGroups: [{priorityGroup: [{cluster: remote, upstreams: [{name: green}]}]}]
                """),
                "FailoverScheme gloo-fed/failover-scheme: spec.primary.clusterName is required",
                "FailoverScheme gloo-fed/failover-scheme: spec.primary.namespace is required");
    }

    @Test
    void targetClusterIsRequired() {
        assertRejected(
                scheme(PRIMARY + "failoverGroups: [{priorityGroup: [{upstreams: [{name: green}]}]}]"),
                "FailoverScheme gloo-fed/failover-scheme: spec.failoverGroups[0].priorityGroup[0].cluster is required");
    }

    @Test
    void overprovisioningFactorIsAtLeastOne() {
        assertRejected(
                scheme(PRIMARY + """
                failoverGroups: [{priorityGroup: [{cluster: remote, upstreams: [{name: green}]}]}]
                overprovisioningFactor: 0
                """),
                "FailoverScheme gloo-fed/failover-scheme: spec.overprovisioningFactor must be at least 1");
    }

    private static final String GROUPS =
            "failoverGroups: [{priorityGroup: [{cluster: remote, upstreams: [{name: green}]}]}]\n";

    @Test
    void failoverThresholdsAreReadOnTheSchemeAndPerGroup() {
        FailoverScheme scheme = (FailoverScheme) assertAccepted(scheme(PRIMARY + """
                failoverGroups:
                - priorityGroup: [{cluster: remote, upstreams: [{name: green}]}]
                  failoverThreshold: {percentage: 60}
                - priorityGroup: [{cluster: west, upstreams: [{name: green}]}]
                failoverThreshold: {percentage: 12.5}
                healthyPanicThreshold: 0
                """));

        assertThat(scheme.failoverThreshold()).isEqualTo(12.5);
        assertThat(scheme.healthyPanicThreshold()).isEqualTo(0.0);
        assertThat(scheme.failoverGroups())
                .extracting(FailoverGroup::failoverThreshold)
                .containsExactly(60.0, null);
        assertThat(scheme.overprovisioningFactor()).isNull();
    }

    @Test
    void failoverThresholdMustBeAbove0AndAtMost100() {
        for (String bad : List.of("0", "-5", "100.5", "\"half\"")) {
            assertRejected(
                    scheme(PRIMARY + GROUPS + "failoverThreshold: {percentage: " + bad + "}\n"),
                    "FailoverScheme gloo-fed/failover-scheme: spec.failoverThreshold.percentage must be "
                            + (bad.startsWith("\"")
                                    ? "a number (a percentage)"
                                    : "greater than 0 and at most 100, not " + bad));
        }
    }

    @Test
    void remoteHealthCheckTakesAShareOfTheTargetsEndpoints() {
        FailoverScheme scheme = (FailoverScheme)
                assertAccepted(scheme(PRIMARY + GROUPS + "remoteHealthCheck: {minHealthyPercentage: 50}\n"));

        assertThat(scheme.remoteHealthCheck()).isEqualTo(50.0);
        assertThat(((FailoverScheme) assertAccepted(scheme(PRIMARY + GROUPS))).remoteHealthCheck())
                .isNull();
    }

    @Test
    void remoteHealthCheckNeedsAPercentageUpTo100() {
        assertRejected(
                scheme(PRIMARY + GROUPS + "remoteHealthCheck: {}\n"),
                "FailoverScheme gloo-fed/failover-scheme: spec.remoteHealthCheck.minHealthyPercentage is required");
        assertRejected(
                scheme(PRIMARY + GROUPS + "remoteHealthCheck: {minHealthyPercentage: 150}\n"),
                "FailoverScheme gloo-fed/failover-scheme: spec.remoteHealthCheck.minHealthyPercentage must be at least"
                        + " 0 and at most 100, not 150");
    }

    @Test
    void aGroupsFailoverThresholdIsCheckedUnderItsOwnPath() {
        assertRejected(
                scheme(PRIMARY + """
                failoverGroups:
                - priorityGroup: [{cluster: remote, upstreams: [{name: green}]}]
                  failoverThreshold: {}
                """),
                "FailoverScheme gloo-fed/failover-scheme: spec.failoverGroups[0].failoverThreshold.percentage is required");
    }

    @Test
    void failoverThresholdAndOverprovisioningFactorExcludeEachOther() {
        assertRejected(
                scheme(PRIMARY + GROUPS + "failoverThreshold: {percentage: 50}\noverprovisioningFactor: 200\n"),
                "FailoverScheme gloo-fed/failover-scheme: spec must set only one of failoverThreshold, "
                        + "overprovisioningFactor");
    }

    @Test
    void healthyPanicThresholdIsAPercentage() {
        assertRejected(
                scheme(PRIMARY + GROUPS + "healthyPanicThreshold: 101\n"),
                "FailoverScheme gloo-fed/failover-scheme: spec.healthyPanicThreshold must be at least 0 and at most "
                        + "100, not 101");
    }

    @Test
    void localityWeightsAreKeptPerTargetCluster() {
        FailoverScheme scheme = (FailoverScheme) assertAccepted(scheme(PRIMARY + """
                failoverGroups:
                - priorityGroup:
                  - cluster: east
                    localityWeight: 3
                    upstreams: [{name: green, namespace: gloo-system}]
                  - cluster: west
                    upstreams: [{name: green, namespace: gloo-system}]
                """));

        assertThat(scheme.failoverGroups().get(0).localityWeights()).isEqualTo(Map.of("east", 3));
    }

    @Test
    void aLocalityHasOneWeightOfAtLeastOne() {
        assertRejected(
                scheme(PRIMARY + """
                failoverGroups:
                - priorityGroup:
                  - cluster: east
                    localityWeight: 0
                    upstreams: [{name: green, namespace: gloo-system}]
                - priorityGroup:
                  - cluster: west
                    localityWeight: 2
                    upstreams: [{name: green, namespace: gloo-system}]
                  - cluster: west
                    localityWeight: 5
                    upstreams: [{name: teal, namespace: gloo-system}]
                """),
                "FailoverScheme gloo-fed/failover-scheme: spec.failoverGroups[0].priorityGroup[0].localityWeight "
                        + "must be at least 1",
                "FailoverScheme gloo-fed/failover-scheme: spec.failoverGroups[1].priorityGroup[1].localityWeight "
                        + "is 5 but another priorityGroup entry of cluster west gives 2: one locality has one weight");
    }
}
