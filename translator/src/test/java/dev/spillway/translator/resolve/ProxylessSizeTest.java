package dev.spillway.translator.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.server.source.file.ConfigDirectory;
import dev.spillway.translator.Translator;
import dev.spillway.translator.xds.XdsResources;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxyless output grows with domains plus routes, not their product: one VirtualService with many domains and
 * many routes gives an API listener per domain, all naming one route configuration (a VirtualService of 1,000
 * domains and 1,000 routes used to make 1,000 route configurations of 1,000 routes: 34 s and 3.5 GB).
 */
class ProxylessSizeTest {
    private static final int DOMAINS = 200;
    private static final int ROUTES = 200;

    @TempDir
    Path dir;

    @Test
    void theDomainsOfOneVirtualServiceShareOneRouteConfiguration() throws IOException {
        Files.createDirectories(dir.resolve("local"));
        StringBuilder yaml = new StringBuilder("""
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata:
                  name: blue
                  namespace: gloo-system
                spec:
                  static:
                    hosts:
                    - addr: 127.0.0.1
                      port: 10001
                ---
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata:
                  name: wide
                  namespace: gloo-system
                spec:
                  virtualHost:
                    domains:
                """);
        for (int i = 0; i < DOMAINS; i++) {
            yaml.append("    - d").append(i).append(".grpc.internal\n");
        }
        yaml.append("    routes:\n");
        for (int i = 0; i < ROUTES; i++) {
            yaml.append("    - matchers:\n      - prefix: /p")
                    .append(i)
                    .append("\n      routeAction:\n        single:\n          upstream:\n")
                    .append("            name: blue\n            namespace: gloo-system\n");
        }
        Files.writeString(dir.resolve("local/config.yaml"), yaml);

        XdsResources proxyless =
                Translator.translate(ConfigDirectory.read(dir)).groups().get(ProxyGroup.proxyless("local"));

        assertThat(proxyless.listeners()).hasSize(DOMAINS);
        assertThat(proxyless.routes()).hasSize(1);
        RouteConfiguration routes = proxyless.routes().get(0);
        assertThat(routes.getName()).isEqualTo("d0.grpc.internal-routes");
        assertThat(routes.getVirtualHosts(0).getDomainsList()).hasSize(DOMAINS).contains("d199.grpc.internal");
        assertThat(routes.getVirtualHosts(0).getRoutesList()).hasSize(ROUTES);
    }
}
