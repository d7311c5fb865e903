package dev.spillway.translator.xds.pgv;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.xds.data.orca.v3.OrcaLoadReport;
import com.google.protobuf.ByteString;
import com.google.protobuf.FloatValue;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HealthCheck.HttpHealthCheck;
import io.envoyproxy.envoy.config.core.v3.HttpUri;
import io.envoyproxy.envoy.config.core.v3.RequestMethod;
import io.envoyproxy.envoy.config.core.v3.SchemeHeaderTransformation;
import io.envoyproxy.envoy.config.core.v3.TlvEntry;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.FaultAbort;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.thrift_to_metadata.v3.FieldSelector;
import io.envoyproxy.envoy.extensions.http.original_ip_detection.custom_header.v3.CustomHeaderConfig;
import io.envoyproxy.envoy.extensions.load_balancing_policies.client_side_weighted_round_robin.v3.ClientSideWeightedRoundRobin;
import io.envoyproxy.envoy.extensions.path.match.uri_template.v3.UriTemplateMatchConfig;
import io.envoyproxy.envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig;
import io.envoyproxy.envoy.extensions.resource_monitors.fixed_heap.v3.FixedHeapConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scalar rules as Envoy declares them, each broken alone in a real Envoy message. */
class EnvoyScalarRulesTest {
    private final PgvChecker checker = EnvoyFixtures.checker();

    private Violation only(MessageOrBuilder message) {
        List<Violation> violations = checker.check(message);
        assertThat(violations).hasSize(1);
        return violations.get(0);
    }

    @Test
    void emptyClusterNameBreaksMinLen() {
        assertThat(only(EnvoyFixtures.cluster().setName("")))
                .isEqualTo(new Violation("name", "string.min_len", "must be at least 1 character(s) long"));
    }

    @Test
    void zeroConnectTimeoutBreaksDurationGt() {
        assertThat(only(EnvoyFixtures.cluster().setConnectTimeout(Durations.ZERO)))
                .isEqualTo(new Violation("connect_timeout", "duration.gt", "must be greater than 0s"));
    }

    @Test
    void portAbove65535BreaksUint32Lte() {
        assertThat(only(EnvoyFixtures.socket(70000)))
                .isEqualTo(new Violation("port_value", "uint32.lte", "must be less than or equal to 65535"));
    }

    @Test
    void deepPathNamesEveryStep() {
        assertThat(only(EnvoyFixtures.cluster().setLoadAssignment(EnvoyFixtures.loadAssignment(8080, 70000)))
                        .path())
                .isEqualTo("load_assignment.endpoints[0].lb_endpoints[1].endpoint.address.socket_address.port_value");
    }

    @Test
    void controlCharacterBreaksStrictHeaderValue() {
        HttpHealthCheck check = HttpHealthCheck.newBuilder()
                .setHost("back\u0001end")
                .setPath("/healthz")
                .build();
        assertThat(only(check))
                .isEqualTo(new Violation("host", "string.well_known_regex", "must be a valid HTTP header value"));
    }

    @Test
    void newlineBreaksLooseHeaderNameButSpaceDoesNot() {
        assertThat(only(HeaderMatcher.newBuilder().setName("x-bad\nname")))
                .isEqualTo(new Violation(
                        "name", "string.well_known_regex", "must be a valid HTTP header name (no NUL, CR or LF)"));
        assertThat(checker.check(HeaderMatcher.newBuilder().setName("x bad").build()))
                .isEmpty();
    }

    @Test
    void spaceBreaksStrictHeaderName() {
        assertThat(only(CustomHeaderConfig.newBuilder().setHeaderName("x real ip"))
                        .rule())
                .isEqualTo("string.well_known_regex");
    }

    @Test
    void undefinedEnumNumberBreaksDefinedOnly() {
        assertThat(only(EnvoyFixtures.cluster().setLbPolicyValue(999)))
                .isEqualTo(
                        new Violation("lb_policy", "enum.defined_only", "must be a defined LbPolicy value, not 999"));
    }

    @Test
    void connectMethodBreaksEnumNotIn() {
        HttpHealthCheck check = HttpHealthCheck.newBuilder()
                .setPath("/")
                .setMethod(RequestMethod.CONNECT)
                .build();
        assertThat(only(check)).isEqualTo(new Violation("method", "enum.not_in", "must not be in list [6]"));
    }

    @Test
    void falseBreaksBoolConst() {
        assertThat(only(LuaPerRoute.newBuilder().setDisabled(false)))
                .isEqualTo(new Violation("disabled", "bool.const", "must equal true"));
    }

    @Test
    void trailingSlashBreaksPattern() {
        assertThat(only(RouteMatch.newBuilder().setPathSeparatedPrefix("/api/")).rule())
                .isEqualTo("string.pattern");
    }

    @Test
    void prefixAndSuffixAreSkippedWhenEmpty() {
        assertThat(only(RateLimit.HitsAddend.newBuilder().setFormat("hits%")))
                .isEqualTo(new Violation("format", "string.prefix", "must start with \"%\""));
        assertThat(only(RateLimit.HitsAddend.newBuilder().setFormat("%hits")).rule())
                .isEqualTo("string.suffix");
        assertThat(checker.check(RateLimit.HitsAddend.newBuilder().setFormat("").build()))
                .isEmpty();
    }

    @Test
    void unknownSchemeBreaksStringIn() {
        assertThat(only(SchemeHeaderTransformation.newBuilder().setSchemeToOverwrite("ftp")))
                .isEqualTo(new Violation("scheme_to_overwrite", "string.in", "must be in list [http, https]"));
    }

    @Test
    void longValuesBreakMaxBytesAndMaxLen() {
        assertThat(only(UpstreamTlsContext.newBuilder().setSni("é".repeat(128))).rule())
                .isEqualTo("string.max_bytes");
        assertThat(only(UriTemplateMatchConfig.newBuilder().setPathTemplate("/" + "a".repeat(256)))
                        .rule())
                .isEqualTo("string.max_len");
    }

    @Test
    void bytesLengthsAreChecked() {
        HeaderValue header = HeaderValue.newBuilder()
                .setKey("x-blob")
                .setRawValue(ByteString.copyFrom(new byte[16385]))
                .build();
        assertThat(only(header))
                .isEqualTo(new Violation("raw_value", "bytes.max_len", "must be at most 16384 byte(s) long"));
        assertThat(only(TlvEntry.newBuilder().setType(1)).rule()).isEqualTo("bytes.min_len");
    }

    @Test
    void signedRangesAreChecked() {
        assertThat(only(FieldSelector.newBuilder().setName("f").setId(40000)))
                .isEqualTo(new Violation("id", "int32.lte", "must be inside range [-32768, 32767]"));
        assertThat(only(DownstreamConnectionsConfig.getDefaultInstance()))
                .isEqualTo(new Violation("max_active_downstream_connections", "int64.gt", "must be greater than 0"));
    }

    @Test
    void unsignedRulesApplyToZero() {
        assertThat(only(FixedHeapConfig.getDefaultInstance()).rule()).isEqualTo("uint64.gt");
    }

    @Test
    void oneofMemberOutsideRangeBreaksUint32Lt() {
        assertThat(only(FaultAbort.newBuilder().setHttpStatus(700)))
                .isEqualTo(new Violation("http_status", "uint32.lt", "must be inside range [200, 600)"));
    }

    @Test
    void negativeUtilizationBreaksDoubleGte() {
        assertThat(only(OrcaLoadReport.newBuilder().setCpuUtilization(-0.5)))
                .isEqualTo(new Violation("cpu_utilization", "double.gte", "must be greater than or equal to 0.0"));
    }

    @Test
    void wrapperRulesApplyToTheWrappedValueWhenSet() {
        assertThat(only(ClientSideWeightedRoundRobin.newBuilder().setErrorUtilizationPenalty(FloatValue.of(-1f))))
                .isEqualTo(new Violation(
                        "error_utilization_penalty", "float.gte", "must be greater than or equal to 0.0"));
        Listener.Builder listener = Listener.newBuilder().setName("l");
        assertThat(checker.check(listener)).isEmpty();
        assertThat(only(listener.setMaxConnectionsToAcceptPerSocketEvent(UInt32Value.of(0)))
                        .rule())
                .isEqualTo("uint32.gt");
    }

    @Test
    void hugeTimeoutBreaksDurationRange() {
        HttpUri uri = HttpUri.newBuilder()
                .setUri("https://jwks")
                .setCluster("jwks")
                .setTimeout(Durations.fromSeconds(4294967296L))
                .build();
        assertThat(only(uri))
                .isEqualTo(new Violation("timeout", "duration.lt", "must be inside range [0s, 4294967296s)"));
    }
}
