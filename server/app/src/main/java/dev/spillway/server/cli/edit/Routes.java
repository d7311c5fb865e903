package dev.spillway.server.cli.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spillway.api.codec.ResourceEncoder;
import dev.spillway.api.codec.Yaml;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.VirtualService;
import java.util.List;
import java.util.Map;

/**
 * The VirtualService edit of {@code glooctl add route}: a route to one upstream, inserted at an index
 * (first by default) of a VirtualService's routes, or a new VirtualService for domain {@code *} holding
 * only that route. Existing VirtualServices are edited as trees, so every field Spillway does not
 * model (Gloo options, route names, status) is kept.
 */
public final class Routes {

    private Routes() {}

    /** The route, as the encoder writes it: one matcher, a {@code single} upstream destination. */
    public static VirtualService.Route route(VirtualService.PathKind kind, String path, ResourceRef upstream) {
        return new VirtualService.Route(
                List.of(new VirtualService.Matcher(kind, path, List.of(), List.of())),
                new VirtualService.RouteAction(List.of(new VirtualService.Destination(upstream, 0)), false));
    }

    /** A new VirtualService serving every domain with this one route, as glooctl creates it. */
    public static ObjectNode newVirtualService(String namespace, String name, VirtualService.Route route) {
        VirtualService vs =
                new VirtualService(new ObjectMeta("", namespace, name, Map.of(), 0, ""), List.of("*"), List.of(route));
        return (ObjectNode) Yaml.read(ResourceEncoder.encode(vs));
    }

    /**
     * The VirtualService with the route inserted at {@code index} of {@code spec.virtualHost.routes}.
     *
     * @param where names the VirtualService and where it is, for errors
     * @throws EditException when the routes are not a list or the index is past their end
     */
    public static ObjectNode insert(JsonNode virtualService, VirtualService.Route route, int index, String where) {
        if (!virtualService.isObject()) {
            throw new EditException(where + ": is not an object");
        }
        ObjectNode vs = ((ObjectNode) virtualService).deepCopy();
        ObjectNode host = object(object(vs, "spec", where), "virtualHost", where + " spec");
        JsonNode routes = host.get("routes");
        if (routes == null || routes.isNull()) {
            routes = host.putArray("routes");
        } else if (!routes.isArray()) {
            throw new EditException(where + ": spec.virtualHost.routes must be a list");
        }
        if (index < 0 || index > routes.size()) {
            throw new EditException(where + ": --index " + index + " is outside 0.." + routes.size() + " (it has "
                    + routes.size() + " route" + (routes.size() == 1 ? "" : "s") + ")");
        }
        ((ArrayNode) routes).insert(index, routeTree(route));
        return vs;
    }

    /** The route's tree, taken from the encoder's output so it is written exactly as resources are. */
    static JsonNode routeTree(VirtualService.Route route) {
        return newVirtualService("default", "route", route)
                .path("spec")
                .path("virtualHost")
                .path("routes")
                .get(0);
    }

    private static ObjectNode object(ObjectNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return parent.putObject(field);
        }
        if (!node.isObject()) {
            throw new EditException(where + ": " + field + " must be an object");
        }
        return (ObjectNode) node;
    }
}
