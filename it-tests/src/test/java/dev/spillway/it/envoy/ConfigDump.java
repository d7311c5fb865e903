package dev.spillway.it.envoy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Envoy's {@code /config_dump?include_eds}, read the way the tests need it: the dynamic (xDS) resources
 * by type and name, their versions, and every trace of a rejected update ({@code error_state}).
 */
public final class ConfigDump {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sections of the dump holding xDS resources: dump type, list field, resource key path. */
    private record Section(String dumpType, String kind, String listField, String... resourcePath) {}

    private static final List<Section> SECTIONS = List.of(
            new Section("ClustersConfigDump", "cluster", "dynamic_active_clusters", "cluster"),
            new Section("ClustersConfigDump", "warming-cluster", "dynamic_warming_clusters", "cluster"),
            new Section("ListenersConfigDump", "listener", "dynamic_listeners", "active_state", "listener"),
            new Section("ListenersConfigDump", "warming-listener", "dynamic_listeners", "warming_state", "listener"),
            new Section("RoutesConfigDump", "route", "dynamic_route_configs", "route_config"),
            new Section("EndpointsConfigDump", "endpoint", "dynamic_endpoint_configs", "endpoint_config"),
            new Section("SecretsConfigDump", "secret", "dynamic_active_secrets", "secret"),
            new Section("SecretsConfigDump", "warming-secret", "dynamic_warming_secrets", "secret"));

    private final JsonNode root;

    private ConfigDump(JsonNode root) {
        this.root = root;
    }

    public static ConfigDump parse(String json) {
        try {
            return new ConfigDump(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode config(String dumpType) {
        for (JsonNode c : root.path("configs")) {
            if (c.path("@type").asText().endsWith("." + dumpType)) {
                return c;
            }
        }
        return JSON.missingNode();
    }

    /** Every dynamic resource, keyed {@code kind/name}, without versions and timestamps. */
    public SortedMap<String, JsonNode> resources() {
        SortedMap<String, JsonNode> out = new TreeMap<>();
        for (Section s : SECTIONS) {
            for (JsonNode entry : config(s.dumpType()).path(s.listField())) {
                JsonNode resource = entry;
                for (String field : s.resourcePath()) {
                    resource = resource.path(field);
                }
                if (!resource.isMissingNode()) {
                    out.put(s.kind() + "/" + name(s.kind(), entry, resource), resource);
                }
            }
        }
        return out;
    }

    /** The version of every dynamic resource and of each whole type, keyed as in {@link #resources()}. */
    public SortedMap<String, String> versions() {
        SortedMap<String, String> out = new TreeMap<>();
        out.put("clusters", config("ClustersConfigDump").path("version_info").asText(""));
        out.put("listeners", config("ListenersConfigDump").path("version_info").asText(""));
        for (Section s : SECTIONS) {
            for (JsonNode entry : config(s.dumpType()).path(s.listField())) {
                // The version sits beside the resource: on the entry, or on a listener's active/warming state.
                JsonNode holder = entry;
                String[] path = s.resourcePath();
                for (int i = 0; i < path.length - 1; i++) {
                    holder = holder.path(path[i]);
                }
                JsonNode resource = holder.path(path[path.length - 1]);
                if (!resource.isMissingNode()) {
                    out.put(
                            s.kind() + "/" + name(s.kind(), entry, resource),
                            holder.path("version_info").asText(""));
                }
            }
        }
        return out;
    }

    private static String name(String kind, JsonNode entry, JsonNode resource) {
        if (kind.equals("endpoint")) {
            return resource.path("cluster_name").asText();
        }
        String name = resource.path("name").asText("");
        return name.isEmpty() ? entry.path("name").asText() : name;
    }

    /**
     * Every rejected update Envoy remembers: each {@code error_state} anywhere in the dump, and each
     * resource whose {@code client_status} is {@code NACKED}, with where it was found.
     */
    public List<String> rejections() {
        List<String> out = new ArrayList<>();
        collectRejections(root, "", out);
        return out;
    }

    private static void collectRejections(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                String at = path + "/" + f.getKey();
                if (f.getKey().equals("error_state")) {
                    out.add(at + ": " + f.getValue());
                } else if (f.getKey().equals("client_status")
                        && f.getValue().asText().equals("NACKED")) {
                    out.add(at + ": NACKED");
                } else {
                    collectRejections(f.getValue(), at, out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectRejections(node.get(i), path + "[" + i + "]", out);
            }
        }
    }

    /** The names of the active dynamic clusters. */
    public SortedSet<String> clusterNames() {
        SortedSet<String> out = new TreeSet<>();
        resources().keySet().stream().filter(k -> k.startsWith("cluster/")).forEach(k -> out.add(k.substring(8)));
        return out;
    }

    /** The EDS service name of an active cluster (its own name when it sets none). */
    public String edsServiceName(String cluster) {
        JsonNode c = resources().get("cluster/" + cluster);
        if (c == null) {
            throw new IllegalStateException(
                    "no active cluster " + cluster + " in " + resources().keySet());
        }
        String service = c.path("eds_cluster_config").path("service_name").asText("");
        return service.isEmpty() ? cluster : service;
    }

    /** The priorities of the ClusterLoadAssignment Envoy holds for an active cluster. */
    public SortedSet<Integer> endpointPriorities(String cluster) {
        JsonNode cla = resources().get("endpoint/" + edsServiceName(cluster));
        if (cla == null) {
            throw new IllegalStateException(
                    "no endpoints for cluster " + cluster + " in " + resources().keySet());
        }
        SortedSet<Integer> out = new TreeSet<>();
        for (JsonNode locality : cla.path("endpoints")) {
            out.add(locality.path("priority").asInt(0));
        }
        return out;
    }

    public JsonNode json() {
        return root;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
