package dev.spillway.translator;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.translator.resolve.FailoverOutcome;
import dev.spillway.translator.xds.LoadReportTiers;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Per proxy group, the clusters whose load proxies report, with the FailoverScheme tier of each locality. */
public final class LoadReportClusters {
    private LoadReportClusters() {}

    /** Groups without such clusters are left out. */
    public static SortedMap<ProxyGroup, SortedMap<String, LoadReportTiers.ReportingCluster>> of(Translation t) {
        Map<String, LoadReportTiers.Scheme> schemes = new TreeMap<>();
        for (FailoverOutcome f : t.resolution().failovers()) {
            schemes.put(
                    f.primary(),
                    new LoadReportTiers.Scheme(
                            f.scheme(),
                            f.targets().stream()
                                    .map(x -> new LoadReportTiers.Target(x.priority(), x.cluster(), x.viaGateway()))
                                    .toList()));
        }
        SortedMap<ProxyGroup, SortedMap<String, LoadReportTiers.ReportingCluster>> out = new TreeMap<>();
        t.resolution().groups().forEach((group, resolved) -> {
            SortedMap<String, LoadReportTiers.ReportingCluster> clusters = LoadReportTiers.of(resolved, schemes);
            if (!clusters.isEmpty()) {
                out.put(group, clusters);
            }
        });
        return out;
    }
}
