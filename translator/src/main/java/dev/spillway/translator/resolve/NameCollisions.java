package dev.spillway.translator.resolve;

import dev.spillway.api.model.Upstream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Envoy names a cluster {@code <name>_<namespace>}, so Upstreams {@code z/x_y} and {@code y_z/x} would
 * both be cluster {@code x_y_z}: Envoy keeps one of two clusters of a name and the other's traffic goes
 * to it. The older Upstream keeps the name ({@link Age}); the other is Rejected, naming it.
 */
final class NameCollisions {
    private NameCollisions() {}

    static void upstreams(ClusterResources cluster, StatusBook book) {
        Map<String, Upstream> owners = new HashMap<>();
        List<Upstream> oldestFirst =
                cluster.upstreams.values().stream().sorted(Age.oldestFirst()).toList();
        for (Upstream u : oldestFirst) {
            String name = Names.cluster(u.meta().ref());
            Upstream owner = owners.putIfAbsent(name, u);
            if (owner != null) {
                book.error(
                        u.key(),
                        "metadata.name",
                        "its Envoy cluster name " + name + " is already Upstream "
                                + owner.meta().namespace() + "/" + owner.meta().name()
                                + "'s (Envoy names clusters <name>_<namespace>): rename one");
            }
        }
    }
}
