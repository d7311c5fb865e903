package dev.spillway.server.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import dev.spillway.translator.xds.pgv.PgvChecker;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Envoy bootstrap files parse as Envoy's Bootstrap proto, pass its field rules, and point at Spillway. */
class EnvoyConfigsTest {
    private static final Path DIR = Path.of("../../envoy-configs");

    static Stream<Path> bootstraps() throws Exception {
        try (Stream<Path> files = Files.list(DIR)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).isNotEmpty();
            return yaml.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("bootstraps")
    void parsesPassesEnvoysFieldRulesAndUsesAdsOnTheXdsPort(Path file) throws Exception {
        Bootstrap bootstrap = parse(file);

        assertThat(new PgvChecker(TypeRegistry.newBuilder().add(HttpProtocolOptions.getDescriptor()).build())
                .check(bootstrap)).isEmpty();
        assertThat(bootstrap.getNode().getCluster()).isEqualTo("gateway-proxy");
        assertThat(bootstrap.getNode().getMetadata().getFieldsOrThrow("cluster").getStringValue())
                .isEqualTo(file.getFileName().toString().replace("-gateway-proxy.yaml", ""));
        assertThat(bootstrap.getDynamicResources().getCdsConfig().hasAds()).isTrue();
        assertThat(bootstrap.getDynamicResources().getLdsConfig().hasAds()).isTrue();
        assertThat(bootstrap.getStaticResources().getClusters(0).getLoadAssignment().getEndpoints(0)
                .getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getPortValue()).isEqualTo(9977);
        assertThat(bootstrap.getAdmin().getAddress().getSocketAddress().getAddress()).isEqualTo("127.0.0.1");
    }

    private static Bootstrap parse(Path file) throws Exception {
        String json = new ObjectMapper().writeValueAsString(
                new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file)));
        Bootstrap.Builder b = Bootstrap.newBuilder();
        JsonFormat.parser().usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder()
                .add(HttpProtocolOptions.getDescriptor()).build()).merge(json, b);
        return b.build();
    }
}
