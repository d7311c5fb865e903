package dev.spillway.server.source.kube;

import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import java.time.Instant;
import java.util.List;

/**
 * The entry a TLS Secret leaves when its object is deleted: its last known version, marked deleted, which
 * the translator keeps serving to whatever still names it (deleting a certificate a listener uses should not
 * take the listener down), with a Warning on each resource naming it. The source forgets it once nothing
 * names it, or replaces it when the Secret is created again.
 */
final class DeletedSecret {
    private DeletedSecret() {}

    static Inventory.Entry of(Inventory.Entry last, Instant deletedAt) {
        Problem problem = Problem.warning(
                last.key(),
                "",
                "deleted at " + deletedAt + ": its last known version is still served while a resource names it");
        return new Inventory.Entry(
                last.key(), last.resource(), ResourceStatus.of(List.of(problem)), last.origin(), deletedAt);
    }
}
