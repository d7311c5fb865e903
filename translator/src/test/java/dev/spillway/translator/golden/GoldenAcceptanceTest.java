package dev.spillway.translator.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.spillway.translator.Translator;
import dev.spillway.translator.xds.XdsResources;
import dev.spillway.translator.xds.acceptance.EnvoyAcceptance;
import dev.spillway.translator.xds.acceptance.Violation;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden case's published output, walked through Envoy's acceptance rules: nothing Envoy would refuse. */
class GoldenAcceptanceTest {

    @TestFactory
    Stream<DynamicTest> everyGoldenOutputPassesEnvoysAcceptanceRules() throws IOException {
        try (Stream<Path> dirs = Files.list(GoldenTest.ROOT)) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream()
                    .map(dir -> dynamicTest(dir.getFileName().toString(), () -> {
                        var translation = Translator.translate(GoldenTest.read(dir.resolve("input")));
                        translation
                                .groups()
                                .forEach((group, xds) -> assertThat(violations(xds))
                                        .as("%s %s", dir.getFileName(), group)
                                        .isEmpty());
                    }));
        }
    }

    static List<String> violations(XdsResources xds) {
        List<String> found = new ArrayList<>();
        Set<String> clusters = xds.clusters().stream().map(Cluster::getName).collect(Collectors.toSet());
        xds.clusters().forEach(c -> add(found, c.getName(), EnvoyAcceptance.check(c)));
        xds.endpoints().forEach(e -> add(found, e.getClusterName(), EnvoyAcceptance.check(e)));
        xds.listeners().forEach(l -> {
            add(found, l.getName(), EnvoyAcceptance.check(l));
            l.getFilterChainsList()
                    .forEach(ch -> add(found, l.getName(), EnvoyAcceptance.tcpProxyReferences(ch, clusters)));
        });
        for (RouteConfiguration route : xds.routes()) {
            List<VirtualHost> accepted = new ArrayList<>();
            for (VirtualHost host : route.getVirtualHostsList()) {
                add(found, route.getName(), EnvoyAcceptance.check(host));
                add(found, route.getName(), EnvoyAcceptance.domainClashes(accepted, host, route.getName()));
                add(found, route.getName(), EnvoyAcceptance.routeReferences(host, clusters));
                accepted.add(host);
            }
        }
        add(found, "secrets", EnvoyAcceptance.secretNames(xds.secrets()));
        return found;
    }

    private static void add(List<String> found, String resource, List<Violation> violations) {
        violations.forEach(v -> found.add(resource + ": " + v.path() + " " + v.message()));
    }
}
