package dev.spillway.translator.resolve;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.source.SecretReferences;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Secrets whose object was deleted while something still named them: a source keeps the last known version
 * (an entry with {@link Inventory.Entry#deletedAt()}), so TLS keeps working as the operator expects, and each
 * resource naming one gets a Warning that says so. A kept Secret nothing names takes no part.
 */
final class DeletedSecrets {
    private final Inventory inventory;
    private final List<SecretReferences.Reference> references;

    DeletedSecrets(Inventory inventory) {
        this.inventory = inventory;
        this.references = SecretReferences.of(inventory.resources());
    }

    /** The kept Secrets no resource names: left out of the resolution. */
    Set<ResourceKey> unreferenced() {
        Set<ResourceKey> named = new HashSet<>();
        references.forEach(r -> named.add(r.secret()));
        Set<ResourceKey> out = new HashSet<>();
        inventory.entries().values().stream()
                .filter(e -> e.deletedAt() != null && !named.contains(e.key()))
                .forEach(e -> out.add(e.key()));
        return out;
    }

    /** A Warning on every resource naming a kept Secret, at the field naming it. */
    void warnReferrers(StatusBook book) {
        for (SecretReferences.Reference r : references) {
            Inventory.Entry secret = inventory.entries().get(r.secret());
            if (secret != null && secret.deletedAt() != null && secret.resource() != null) {
                book.warning(r.referrer(), r.field(), message(r.secret(), secret.deletedAt()));
            }
        }
    }

    static String message(ResourceKey secret, Instant deletedAt) {
        return "Secret " + secret.namespace() + "/" + secret.name() + " was deleted at " + deletedAt
                + "; its last known version is still served until it is recreated or no longer referenced";
    }
}
