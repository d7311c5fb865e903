package dev.spillway.translator;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.source.DecodedEntries;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.translator.tls.SecretMaterial;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * While serving, a TLS Secret replaced by one whose PEM Envoy would not load (see {@link SecretMaterial})
 * keeps its last good version, as a schema error does at the source: the inventory's entry is replaced by
 * the version the previous translation served, Rejected with the new version's faults marked as kept. So a
 * bad certificate rotation leaves every listener and cluster that uses the Secret as it was, and the fixed
 * Secret replaces it. Without a previous translation (validate, render) the bad Secret is rejected. Pure.
 */
final class LastGoodSecrets {
    private LastGoodSecrets() {}

    /** The inventory, with each Secret whose new material does not load standing for its last good version. */
    static Inventory keep(Translation previous, Inventory inventory) {
        if (previous == null) {
            return inventory;
        }
        SortedMap<ResourceKey, Inventory.Entry> kept = null;
        for (Inventory.Entry now : inventory.entries().values()) {
            if (!(now.resource() instanceof TlsSecret secret)
                    || now.status().state().isError()) {
                continue;
            }
            SecretMaterial.Verdict verdict = SecretMaterial.check(secret);
            if (verdict.loads()) {
                continue;
            }
            Inventory.Entry before = previous.inventory().entries().get(now.key());
            if (before == null
                    || !(before.resource() instanceof TlsSecret good)
                    || !served(previous.statuses().get(now.key()))
                    || !SecretMaterial.check(good).loads()) {
                continue;
            }
            List<Problem> faults = verdict.faults().stream()
                    .map(f -> Problem.error(now.key(), f.field(), f.message()))
                    .toList();
            if (kept == null) {
                kept = new TreeMap<>(inventory.entries());
            }
            kept.put(
                    now.key(),
                    new Inventory.Entry(now.key(), good, DecodedEntries.kept(faults), now.origin(), now.deletedAt()));
        }
        return kept == null ? inventory : new Inventory(kept, inventory.gatewayAddresses());
    }

    /**
     * True when the previous translation served the Secret: accepted, or rejected only by errors whose last
     * good version was kept (here, or at the source for a schema error).
     */
    private static boolean served(ResourceStatus status) {
        return status != null
                && (!status.state().isError()
                        || status.problems().stream()
                                .allMatch(p -> p.severity() != Problem.Severity.ERROR
                                        || p.message().endsWith(DecodedEntries.KEPT)));
    }
}
