package dev.spillway.translator.xds.pgv;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.xds.data.orca.v3.OrcaLoadReport;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Struct;
import io.envoyproxy.envoy.config.common.matcher.v3.Matcher;
import io.envoyproxy.envoy.config.core.v3.KeyValue;
import io.envoyproxy.envoy.config.core.v3.KeyValueAppend;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.metrics.v3.HistogramBucketSettings;
import io.envoyproxy.envoy.config.route.v3.InternalRedirectPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Presence, oneof, collection and Any rules on real Envoy messages. */
class EnvoyStructureRulesTest {
    private final PgvChecker checker = EnvoyFixtures.checker();

    private Violation only(MessageOrBuilder message) {
        List<Violation> violations = checker.check(message);
        assertThat(violations).hasSize(1);
        return violations.get(0);
    }

    @Test
    void validClusterLoadAssignmentAndListenerPass() {
        assertThat(checker.check(EnvoyFixtures.cluster())).isEmpty();
        assertThat(checker.check(EnvoyFixtures.loadAssignment(80, 443))).isEmpty();
        assertThat(checker.check(EnvoyFixtures.listener(
                        Any.pack(EnvoyFixtures.connectionManager().build()))))
                .isEmpty();
    }

    @Test
    void missingHealthCheckTimeoutBreaksDurationRequired() {
        assertThat(only(EnvoyFixtures.healthCheck().clearTimeout()))
                .isEqualTo(new Violation("timeout", "duration.required", "is required"));
    }

    @Test
    void missingUnhealthyThresholdBreaksMessageRequired() {
        assertThat(only(EnvoyFixtures.healthCheck().clearUnhealthyThreshold()))
                .isEqualTo(new Violation("unhealthy_threshold", "message.required", "is required"));
    }

    @Test
    void missingRouteMatchBreaksMessageRequired() {
        Route route = Route.newBuilder()
                .setRoute(RouteAction.newBuilder().setCluster("backend"))
                .build();
        assertThat(only(route)).isEqualTo(new Violation("match", "message.required", "is required"));
    }

    @Test
    void routeMatchWithoutPathSpecifierBreaksOneofRequired() {
        Route route = Route.newBuilder()
                .setMatch(RouteMatch.getDefaultInstance())
                .setRoute(RouteAction.newBuilder().setCluster("backend"))
                .build();
        assertThat(only(route))
                .isEqualTo(new Violation("match.path_specifier", "oneof.required", "exactly one field is required"));
    }

    @Test
    void healthCheckWithoutCheckerBreaksOneofRequired() {
        assertThat(only(EnvoyFixtures.healthCheck().clearHealthChecker()).path())
                .isEqualTo("health_checker");
    }

    @Test
    void virtualHostWithoutDomainsBreaksMinItems() {
        RouteConfiguration routes = RouteConfiguration.newBuilder()
                .addVirtualHosts(VirtualHost.newBuilder().setName("all"))
                .build();
        assertThat(only(routes))
                .isEqualTo(new Violation(
                        "virtual_hosts[0].domains", "repeated.min_items", "must contain at least 1 item(s)"));
    }

    @Test
    void itemRulesApplyToEachItem() {
        VirtualHost host = VirtualHost.newBuilder()
                .setName("all")
                .addDomains("ok.example")
                .addDomains("bad\nhost")
                .build();
        assertThat(only(host).path()).isEqualTo("domains[1]");
        assertThat(only(host).rule()).isEqualTo("repeated.items.string.well_known_regex");
    }

    @Test
    void repeatedCountsAndUniquenessAreChecked() {
        InternalRedirectPolicy tooMany = InternalRedirectPolicy.newBuilder()
                .addAllRedirectResponseCodes(List.of(301, 302, 303, 307, 308, 301))
                .build();
        assertThat(only(tooMany))
                .isEqualTo(new Violation(
                        "redirect_response_codes", "repeated.max_items", "must contain at most 5 item(s)"));
        InternalRedirectPolicy twice = InternalRedirectPolicy.newBuilder()
                .addResponseHeadersToCopy("x-a")
                .addResponseHeadersToCopy("x-a")
                .build();
        assertThat(only(twice).rule()).isEqualTo("repeated.unique");
    }

    @Test
    void numericItemRulesAreChecked() {
        HistogramBucketSettings buckets = HistogramBucketSettings.newBuilder()
                .setMatch(StringMatcher.newBuilder().setPrefix("cluster."))
                .addBuckets(0.5)
                .addBuckets(0)
                .build();
        assertThat(only(buckets))
                .isEqualTo(new Violation("buckets[1]", "repeated.items.double.gt", "must be greater than 0.0"));
    }

    @Test
    void emptyMetadataKeyBreaksMapKeys() {
        Metadata metadata = Metadata.newBuilder()
                .putFilterMetadata("", Struct.getDefaultInstance())
                .build();
        assertThat(only(metadata))
                .isEqualTo(new Violation(
                        "filter_metadata[\"\"]", "map.keys.string.min_len", "must be at least 1 character(s) long"));
    }

    @Test
    void mapValuesAndPairsAreChecked() {
        OrcaLoadReport report = OrcaLoadReport.newBuilder()
                .putUtilization("gpu", 1.5)
                .putUtilization("cpu", 0.5)
                .build();
        assertThat(only(report))
                .isEqualTo(new Violation(
                        "utilization[\"gpu\"]", "map.values.double.lte", "must be inside range [0.0, 1.0]"));
        assertThat(only(Matcher.MatcherTree.MatchMap.getDefaultInstance()))
                .isEqualTo(new Violation("map", "map.min_pairs", "must contain at least 1 pair(s)"));
    }

    @Test
    void skippedMessageIsNotEntered() {
        KeyValue emptyKey =
                KeyValue.newBuilder().setValue(ByteString.copyFromUtf8("v")).build();
        assertThat(only(emptyKey).rule()).isEqualTo("string.min_len");
        assertThat(checker.check(KeyValueAppend.newBuilder().setEntry(emptyKey).build()))
                .isEmpty();
    }

    @Test
    void missingTypedConfigBreaksAnyRequired() {
        assertThat(only(TypedExtensionConfig.newBuilder().setName("envoy.ext")))
                .isEqualTo(new Violation("typed_config", "any.required", "is required"));
    }

    @Test
    void anyPayloadIsCheckedBelowTheAnyPath() {
        Any manager =
                Any.pack(EnvoyFixtures.connectionManager().setStatPrefix("").build());
        assertThat(only(EnvoyFixtures.listener(manager)))
                .isEqualTo(new Violation(
                        "filter_chains[0].filters[0].typed_config.stat_prefix",
                        "string.min_len",
                        "must be at least 1 character(s) long"));
    }

    @Test
    void nestedAnyPayloadIsCheckedToo() {
        Any manager = Any.pack(EnvoyFixtures.connectionManager()
                .setHttpFilters(
                        0,
                        EnvoyFixtures.connectionManager().getHttpFilters(0).toBuilder()
                                .setName(""))
                .build());
        assertThat(only(EnvoyFixtures.listener(manager)).path())
                .isEqualTo("filter_chains[0].filters[0].typed_config.http_filters[0].name");
    }

    @Test
    void unregisteredAnyTypeIsReported() {
        Any unknown = Any.newBuilder()
                .setTypeUrl("type.googleapis.com/example.Unknown")
                .build();
        assertThat(only(EnvoyFixtures.listener(unknown)))
                .isEqualTo(new Violation(
                        "filter_chains[0].filters[0].typed_config",
                        "any.type",
                        "unknown type type.googleapis.com/example.Unknown: cannot check"));
    }
}
