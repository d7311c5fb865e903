package dev.spillway.translator.resolve;

import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Envoy names a cluster {@code <name>_<namespace>}, so Upstreams {@code z/x_y} and {@code y_z/x} would
 * both be cluster {@code x_y_z}: Envoy keeps one of two clusters of a name and the other's traffic goes
 * to it. The older Upstream keeps the name ({@link Age}); the other is Rejected, naming it. VirtualServices
 * likewise: their virtual hosts (and routes) are named {@code <namespace>_<name>}, and a route configuration
 * with two virtual hosts of one name is refused whole (RouteMatcher::RouteMatcher, config_impl.cc: "Only
 * unique values for virtual host names are permitted").
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

    static void virtualServices(ClusterResources cluster, StatusBook book) {
        Map<String, VirtualService> owners = new HashMap<>();
        List<VirtualService> oldestFirst =
                cluster.virtualServices.stream().sorted(Age.oldestFirst()).toList();
        for (VirtualService vs : oldestFirst) {
            String name = Names.virtualHost(vs.meta().ref());
            VirtualService owner = owners.putIfAbsent(name, vs);
            if (owner != null) {
                book.error(
                        vs.key(),
                        "metadata.name",
                        "its Envoy virtual host name " + name + " is already VirtualService "
                                + owner.meta().namespace() + "/" + owner.meta().name()
                                + "'s (Envoy names virtual hosts <namespace>_<name>): rename one");
            }
        }
    }
}
