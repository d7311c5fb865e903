package dev.spillway.translator;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.translator.model.ResolvedGroup;
import dev.spillway.translator.resolve.Resolution;
import dev.spillway.translator.resolve.Resolver;
import dev.spillway.translator.xds.XdsMemo;
import dev.spillway.translator.xds.XdsProblem;
import dev.spillway.translator.xds.XdsResources;
import dev.spillway.translator.xds.XdsTranslator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The translator's entry point: resources of all clusters in, Envoy resources per proxy group out. Pure. */
public final class Translator {
    private Translator() {}

    public static Translation translate(Inventory inventory) {
        return translate(inventory, new XdsMemo());
    }

    /**
     * Translates, reusing from the memo the Envoy resources of every unit (cluster, listener, secret)
     * whose resolved content did not change since the previous call: the output is the same as without it.
     */
    public static Translation translate(Inventory inventory, XdsMemo memo) {
        Resolution resolution = Resolver.resolve(inventory);
        SortedMap<ProxyGroup, XdsResources> groups = new TreeMap<>();
        SortedMap<ResourceKey, ResourceStatus> statuses = new TreeMap<>(resolution.statuses());
        for (ResolvedGroup group : resolution.groups().values()) {
            XdsResources xds = XdsTranslator.translate(group, memo);
            groups.put(group.group(), xds);
            for (XdsProblem p : xds.problems()) {
                if (p.source() != null) {
                    Problem problem = Problem.error(
                            p.source(),
                            "",
                            "Envoy would reject " + p.resourceName() + ": " + p.path() + " " + p.message());
                    statuses.merge(p.source(), ResourceStatus.of(List.of(problem)), (a, b) -> a.with(b.problems()));
                }
            }
        }
        memo.endTranslation();
        return new Translation(inventory, resolution, groups, statuses);
    }
}
