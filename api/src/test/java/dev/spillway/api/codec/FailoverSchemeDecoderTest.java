package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.assertAccepted;
import static dev.spillway.api.codec.Decoding.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.FailoverScheme.FailoverGroup;
import dev.spillway.api.model.FailoverScheme.Target;
import dev.spillway.api.model.ResourceRef;
import java.util.List;
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
}
