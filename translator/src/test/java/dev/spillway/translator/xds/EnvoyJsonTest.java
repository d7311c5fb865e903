package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Fixtures.BLUE;
import static dev.spillway.translator.xds.Fixtures.GREEN;
import static dev.spillway.translator.xds.Fixtures.blueWithGreenFailover;
import static dev.spillway.translator.xds.Fixtures.certificate;
import static dev.spillway.translator.xds.Fixtures.cluster;
import static dev.spillway.translator.xds.Fixtures.failoverChain;
import static dev.spillway.translator.xds.Fixtures.group;
import static dev.spillway.translator.xds.Fixtures.httpListener;
import static dev.spillway.translator.xds.Fixtures.prefixRoute;
import static dev.spillway.translator.xds.Fixtures.rootCa;
import static dev.spillway.translator.xds.Fixtures.tcpListener;
import static dev.spillway.translator.xds.Fixtures.virtualHost;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.spillway.translator.model.ResolvedGroup;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import org.junit.jupiter.api.Test;

class EnvoyJsonTest {

    @Test
    void privateKeysAreRedactedAndCertificatesKept() {
        Secret secret = Secrets.of(certificate("gloo-system_failover-upstream"));

        String json = EnvoyJson.print(secret);

        assertThat(json)
                .doesNotContain("SECRET-KEY-BYTES")
                .contains("\"inline_string\": \"[redacted]\"")
                .contains("BEGIN CERTIFICATE");
        assertThat(secret.getTlsCertificate().getPrivateKey().getInlineString())
                .as("the served secret is untouched")
                .contains("SECRET-KEY-BYTES");
    }

    @Test
    void groupDumpRedactsKeysToo() {
        String dump = EnvoyJson.groupDump(XdsTranslator.translate(guide(), new XdsMemo()));

        assertThat(dump).doesNotContain("SECRET-KEY-BYTES").contains("[redacted]");
    }

    @Test
    void printsProtoFieldNamesAndTypeOnEveryAny() {
        String json = EnvoyJson.print(Listeners.tcp(tcpListener(failoverChain(GREEN))));

        assertThat(json)
                .contains("\"filter_chains\"", "\"listener_filters\"", "\"server_names\"")
                .doesNotContain("\"filterChains\"")
                .contains(
                        "\"@type\": \"type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector\"")
                .contains(
                        "\"@type\": \"type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext\"")
                .contains(
                        "\"@type\": \"type.googleapis.com/envoy.extensions.filters.network.sni_cluster.v3.SniCluster\"")
                .contains("\"@type\": \"type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy\"")
                .contains("\"cluster\": \"\"");
    }

    @Test
    void groupDumpIsOneDocumentWithSectionsInXdsOrder() throws InvalidProtocolBufferException {
        String dump = EnvoyJson.groupDump(XdsTranslator.translate(guide(), new XdsMemo()));

        Struct parsed = parse(dump);
        assertThat(parsed.getFieldsMap()).containsOnlyKeys("clusters", "endpoints", "listeners", "routes", "secrets");
        assertThat(dump.indexOf("\"clusters\"")).isLessThan(dump.indexOf("\"endpoints\""));
        assertThat(dump.indexOf("\"endpoints\"")).isLessThan(dump.indexOf("\"listeners\""));
        assertThat(dump.indexOf("\"listeners\"")).isLessThan(dump.indexOf("\"routes\""));
        assertThat(dump.indexOf("\"routes\"")).isLessThan(dump.indexOf("\"secrets\""));
        assertThat(dump)
                .startsWith("{\n  \"clusters\": [\n    {\n      \"name\": \"" + BLUE + "\"")
                .endsWith("\n}\n");
        assertThat(parsed.getFieldsOrThrow("clusters").getListValue().getValuesList())
                .extracting(v -> v.getStructValue().getFieldsOrThrow("name").getStringValue())
                .containsExactly(BLUE, GREEN);
    }

    @Test
    void emptySectionsAreEmptyArrays() throws InvalidProtocolBufferException {
        String dump = EnvoyJson.groupDump(XdsResources.empty());

        assertThat(dump).isEqualTo("""
                {
                  "clusters": [],
                  "endpoints": [],
                  "listeners": [],
                  "routes": [],
                  "secrets": []
                }
                """);
        parse(dump);
    }

    @Test
    void outputIsByteIdenticalAcrossRuns() {
        String first = EnvoyJson.groupDump(XdsTranslator.translate(guide(), new XdsMemo()));
        String second = EnvoyJson.groupDump(XdsTranslator.translate(guide(), new XdsMemo()));

        assertThat(second).isEqualTo(first);
    }

    /** The guide's local proxy: blue with green as failover, the route to blue, and the mTLS secrets. */
    static ResolvedGroup guide() {
        return group().with(cluster(GREEN))
                .with(blueWithGreenFailover())
                .with(httpListener(virtualHost("gloo-system_default", prefixRoute("/", BLUE))))
                .with(tcpListener(failoverChain(BLUE, GREEN)))
                .with(certificate("gloo-system_failover-upstream"))
                .with(rootCa("gloo-system_failover-downstream-cacert"))
                .build();
    }

    private static Struct parse(String json) throws InvalidProtocolBufferException {
        Struct.Builder b = Struct.newBuilder();
        JsonFormat.parser().merge(json, b);
        return b.build();
    }
}
