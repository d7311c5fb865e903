package dev.spillway.translator.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.translator.LoadReportClusters;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import dev.spillway.translator.xds.LoadReportTiers.Locality;
import dev.spillway.translator.xds.LoadReportTiers.ReportingCluster;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** The scheme tier of each locality and priority a load report names, on the golden cases' output. */
class LoadReportTiersTest {
    private static final String BLUE = "default-service-blue-10000_gloo-system";
    private static final Locality LOCAL = new Locality("", "", "local");
    private static final Locality REMOTE = new Locality("", "", "remote");

    private static SortedMap<String, ReportingCluster> tiers(String goldenCase, ProxyGroup group) {
        Translation t = Translator.translate(
                GoldenTest.read(GoldenTest.ROOT.resolve(goldenCase).resolve("input")));
        return LoadReportClusters.of(t).getOrDefault(group, new java.util.TreeMap<>());
    }

    @Test
    void theGuidesPrimaryReportsByPriorityAndByLocality() {
        SortedMap<String, ReportingCluster> clusters =
                tiers("guide-failover", new ProxyGroup("local", "gateway-proxy"));

        assertThat(clusters).containsOnlyKeys(BLUE);
        ReportingCluster blue = clusters.get(BLUE);
        assertThat(blue.scheme().name()).isEqualTo("failover-scheme");
        assertThat(blue.tierOf(0, LOCAL)).as("Envoy, priority 0").isZero();
        assertThat(blue.tierOf(1, REMOTE)).as("Envoy, priority 1").isEqualTo(1);
        assertThat(blue.tierOf(0, REMOTE))
                .as("gRPC reports priority 0 for every locality")
                .isEqualTo(1);
        assertThat(blue.tierOf(0, new Locality("", "", "elsewhere"))).isEqualTo(-1);
    }

    @Test
    void anAggregatesPartsCountTheirPrioritiesFromZeroYetNameTheSchemesTiers() {
        SortedMap<String, ReportingCluster> clusters =
                tiers("failover-shared-gateway", new ProxyGroup("local", "gateway-proxy"));

        assertThat(clusters).containsOnlyKeys(BLUE + ":0", BLUE + ":1");
        assertThat(clusters.get(BLUE + ":0").tierOf(0, LOCAL)).isZero();
        assertThat(clusters.get(BLUE + ":0").tierOf(1, REMOTE)).isEqualTo(1);
        assertThat(clusters.get(BLUE + ":1").tierOf(0, REMOTE))
                .as("green-canary, the second failover group, alone in the second part")
                .isEqualTo(2);
    }

    @Test
    void onlyClustersUnderAFailoverSchemeReport() {
        assertThat(tiers("guide-failover", new ProxyGroup("remote", "gateway-proxy")))
                .isEmpty();
    }
}
