package dev.spillway.server.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import dev.spillway.server.cli.CreateCommand;
import dev.spillway.server.cli.edit.CreateXdsCertsCommandTest;
import dev.spillway.translator.xds.pgv.PgvChecker;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The Envoy bootstrap files parse as Envoy's Bootstrap proto, pass its field rules, and point at Spillway. */
class EnvoyConfigsTest {
    private static final Path DIR = Path.of("../../envoy-configs");

    static Stream<Path> bootstraps() throws Exception {
        try (Stream<Path> files = Files.list(DIR)) {
            List<Path> yaml =
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).isNotEmpty();
            return yaml.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("bootstraps")
    void parsesPassesEnvoysFieldRulesAndUsesAdsOnTheXdsPort(Path file) throws Exception {
        Bootstrap bootstrap = parse(file);

        assertThat(new PgvChecker(TypeRegistry.newBuilder()
                                .add(HttpProtocolOptions.getDescriptor())
                                .add(UpstreamTlsContext.getDescriptor())
                                .build())
                        .check(bootstrap))
                .isEmpty();
        assertThat(bootstrap.getNode().getCluster()).isEqualTo("gateway-proxy");
        assertThat(bootstrap.getNode().getMetadata().getFieldsOrThrow("cluster").getStringValue())
                .isEqualTo(file.getFileName().toString().replace("-gateway-proxy.yaml", ""));
        assertThat(bootstrap.getDynamicResources().getCdsConfig().hasAds()).isTrue();
        assertThat(bootstrap.getDynamicResources().getLdsConfig().hasAds()).isTrue();
        assertThat(bootstrap
                        .getStaticResources()
                        .getClusters(0)
                        .getLoadAssignment()
                        .getEndpoints(0)
                        .getLbEndpoints(0)
                        .getEndpoint()
                        .getAddress()
                        .getSocketAddress()
                        .getPortValue())
                .isEqualTo(9977);
        assertThat(bootstrap.getAdmin().getAddress().getSocketAddress().getAddress())
                .isEqualTo("127.0.0.1");
    }

    /**
     * The xDS connection is mTLS with the files {@code make run} writes: the cluster's client certificate,
     * the CA, and only Spillway's name accepted; ALPN h2, without which grpc-java's server refuses TLS.
     */
    @ParameterizedTest
    @MethodSource("bootstraps")
    void connectsOverMutualTlsWithTheCertificatesCreateXdsCertsWrites(Path file, @TempDir Path dir) throws Exception {
        Bootstrap bootstrap = parse(file);
        String cluster =
                bootstrap.getNode().getMetadata().getFieldsOrThrow("cluster").getStringValue();
        int created = new CommandLine(new CreateCommand())
                .execute(
                        "xds-certs",
                        "--out-dir",
                        dir.resolve("envoy-configs/xds-certs").toString(),
                        "--group",
                        "local/gateway-proxy",
                        "--group",
                        "remote/gateway-proxy");
        assertThat(created).isZero();

        Cluster xds = bootstrap.getStaticResources().getClusters(0);
        assertThat(xds.getName()).isEqualTo("spillway-xds");
        UpstreamTlsContext tls = xds.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
        CommonTlsContext common = tls.getCommonTlsContext();
        assertThat(common.getAlpnProtocolsList()).containsExactly("h2");
        Path cert =
                dir.resolve(common.getTlsCertificates(0).getCertificateChain().getFilename());
        Path key = dir.resolve(common.getTlsCertificates(0).getPrivateKey().getFilename());
        Path ca = dir.resolve(common.getValidationContext().getTrustedCa().getFilename());
        assertThat(cert).exists().hasFileName(cluster + "-gateway-proxy.crt");
        assertThat(key).exists();
        assertThat(ca).exists();
        X509Certificate client = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(cert));
        assertThat(CreateXdsCertsCommandTest.sans(client))
                .containsExactly("spiffe://spillway/cluster/" + cluster + "/proxy/gateway-proxy");
        X509Certificate server = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(ca.resolveSibling("server.crt")));
        String expected = common.getValidationContext()
                .getMatchTypedSubjectAltNames(0)
                .getMatcher()
                .getExact();
        assertThat(expected).isEqualTo(tls.getSni()).isEqualTo("localhost");
        assertThat(CreateXdsCertsCommandTest.sans(server)).contains(expected);
    }

    private static Bootstrap parse(Path file) throws Exception {
        String json = new ObjectMapper()
                .writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file)));
        Bootstrap.Builder b = Bootstrap.newBuilder();
        JsonFormat.parser()
                .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder()
                        .add(HttpProtocolOptions.getDescriptor())
                        .add(UpstreamTlsContext.getDescriptor())
                        .build())
                .merge(json, b);
        return b.build();
    }
}
