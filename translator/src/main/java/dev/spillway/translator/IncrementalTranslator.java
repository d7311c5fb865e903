package dev.spillway.translator;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.translator.model.ClusterReplacement;
import dev.spillway.translator.resolve.ConfinedChanges;
import dev.spillway.translator.xds.XdsMemo;
import dev.spillway.translator.xds.XdsPatch;
import dev.spillway.translator.xds.XdsResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Translates a sequence of inventories, each from the previous translation: a change confined to some
 * Upstreams' own clusters (an Upstream edited, a Service's Endpoints changed; see {@link ConfinedChanges})
 * re-translates only those clusters and their assignments, in time that grows with the change, not with
 * the configuration. Anything else is translated in full, reusing the unchanged units' Envoy resources.
 * Either way the result equals {@link Translator#translate(Inventory)} of its inventory. Not
 * thread-safe: it belongs to the one reconcile thread.
 */
public final class IncrementalTranslator {
    private final XdsMemo memo = new XdsMemo();
    private Translation previous;
    private long confined;
    private long full;

    /**
     * The translation of the inventory, in which a TLS Secret whose new material Envoy would not load keeps
     * the version the previous translation served (see {@link LastGoodSecrets}): it equals
     * {@link Translator#translate(Inventory)} of {@link Translation#inventory()}, the inventory so kept.
     */
    public Translation translate(Inventory source) {
        Inventory inventory = LastGoodSecrets.keep(previous, source);
        Translation next = previous == null ? null : confined(previous, inventory);
        if (next == null) {
            next = Translator.translate(inventory, memo);
            full++;
        } else {
            confined++;
        }
        previous = next;
        return next;
    }

    /** Translations that re-translated only what a confined change touched. */
    public long confinedTranslations() {
        return confined;
    }

    /** Translations of everything. */
    public long fullTranslations() {
        return full;
    }

    private Translation confined(Translation before, Inventory inventory) {
        Set<ResourceKey> changed = InventoryChanges.changed(before.inventory(), inventory);
        if (changed == null) {
            return null;
        }
        ConfinedChanges.Patch patch =
                ConfinedChanges.apply(before.resolution(), before.inventory(), inventory, changed);
        if (patch == null) {
            return null;
        }
        for (ResourceKey key : patch.statuses().keySet()) {
            // The Envoy stage had nothing to say about it, so its status is the resolved one.
            if (!Objects.equals(
                    before.statuses().get(key), before.resolution().statuses().get(key))) {
                return null;
            }
        }
        SortedMap<ProxyGroup, XdsResources> groups = new TreeMap<>(before.groups());
        List<Object> replaced = new ArrayList<>();
        for (Map.Entry<ProxyGroup, List<ClusterReplacement>> e :
                patch.replacements().entrySet()) {
            XdsResources group = groups.get(e.getKey());
            XdsResources patched = group == null ? null : XdsPatch.apply(group, e.getValue(), memo);
            if (patched == null) {
                return null;
            }
            groups.put(e.getKey(), patched);
            e.getValue().forEach(r -> replaced.add(r.before()));
        }
        memo.endPartialTranslation(replaced);
        SortedMap<ResourceKey, ResourceStatus> statuses = before.statuses();
        if (!patch.statuses().isEmpty()) {
            statuses = new TreeMap<>(statuses);
            statuses.putAll(patch.statuses());
        }
        return new Translation(inventory, patch.resolution(), groups, statuses);
    }
}
