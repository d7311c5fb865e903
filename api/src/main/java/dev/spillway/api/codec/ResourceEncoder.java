package dev.spillway.api.codec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes resources back as the Gloo-shaped YAML {@link ResourceDecoder} reads (what {@code glooctl}
 * and {@code kubectl} write), so that decoding the output gives an equal record. Defaults are
 * written out explicitly; fields the records do not hold (Upstream {@code discovered}, the
 * federation cluster) are not written. Output is deterministic: fixed field order, sorted maps.
 */
public final class ResourceEncoder {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResourceEncoder() {}

    /**
     * One resource as a YAML document (without a leading {@code ---}).
     *
     * @throws IllegalArgumentException for Kubernetes-owned kinds (Service, Endpoints), which
     *                                  Spillway only reads
     */
    public static String encode(Resource resource) {
        return Yaml.write(tree(resource));
    }

    /** Several resources as one multi-document YAML text, in the given order. */
    public static String encodeAll(List<? extends Resource> resources) {
        List<String> documents = new ArrayList<>();
        for (Resource resource : resources) {
            documents.add(encode(resource));
        }
        return String.join("---\n", documents);
    }

    /** The JSON tree of one resource. */
    static ObjectNode tree(Resource resource) {
        ObjectNode doc = header(resource);
        if (resource instanceof TlsSecret secret) {
            doc.put("type", SecretDecoder.TLS_TYPE);
            ObjectNode data = doc.putObject("data");
            data.put(SecretDecoder.CERT, base64(secret.certChain()));
            data.put(SecretDecoder.KEY, base64(secret.privateKey()));
            if (secret.hasRootCa()) {
                data.put(SecretDecoder.CA, base64(secret.rootCa()));
            }
        } else if (resource instanceof VirtualService vs) {
            doc.set("spec", GlooTrees.virtualService(vs));
        } else if (resource instanceof Upstream upstream) {
            doc.set("spec", GlooTrees.upstream(upstream));
        } else if (resource instanceof Gateway gateway) {
            doc.set("spec", GlooTrees.gateway(gateway));
        } else if (resource instanceof FailoverScheme scheme) {
            doc.set("spec", failoverScheme(scheme));
        } else if (resource instanceof ClusterRegistration cluster) {
            doc.set("spec", cluster(cluster));
        } else {
            throw new IllegalArgumentException(
                    resource.kind().displayName() + " is owned by Kubernetes; " + "Spillway does not write it");
        }
        return doc;
    }

    private static ObjectNode header(Resource resource) {
        Kind kind = resource.kind();
        ObjectNode doc = NODES.objectNode();
        doc.put("apiVersion", kind.apiVersion());
        doc.put("kind", kind.displayName());
        ObjectMeta meta = resource.meta();
        ObjectNode metadata = doc.putObject("metadata");
        metadata.put("name", meta.name());
        if (!meta.namespace().isEmpty()) {
            metadata.put("namespace", meta.namespace());
        }
        if (!meta.labels().isEmpty()) {
            metadata.set("labels", stringMap(meta.labels()));
        }
        if (meta.generation() != 0) {
            metadata.put("generation", meta.generation());
        }
        if (!meta.creationTimestamp().isEmpty()) {
            metadata.put("creationTimestamp", meta.creationTimestamp());
        }
        return doc;
    }

    private static ObjectNode failoverScheme(FailoverScheme scheme) {
        ObjectNode spec = NODES.objectNode();
        ObjectNode primary = spec.putObject("primary");
        primary.put("clusterName", scheme.primary().cluster());
        primary.put("name", scheme.primary().upstream().name());
        primary.put("namespace", scheme.primary().upstream().namespace());
        var groups = spec.putArray("failoverGroups");
        for (FailoverScheme.FailoverGroup group : scheme.failoverGroups()) {
            ObjectNode groupNode = groups.addObject();
            var priorityGroup = groupNode.putArray("priorityGroup");
            // Consecutive targets in one cluster share an entry, as Gloo Federation writes them.
            ObjectNode entry = null;
            for (FailoverScheme.Target target : group.targets()) {
                if (entry == null || !entry.get("cluster").asText().equals(target.cluster())) {
                    entry = priorityGroup.addObject();
                    entry.put("cluster", target.cluster());
                    Integer weight = group.localityWeights().get(target.cluster());
                    if (weight != null) {
                        entry.put("localityWeight", weight);
                    }
                    entry.putArray("upstreams");
                }
                entry.withArray("upstreams").add(ref(target.upstream()));
            }
            if (group.failoverThreshold() != null) {
                groupNode.putObject("failoverThreshold").put("percentage", group.failoverThreshold());
            }
        }
        if (scheme.overprovisioningFactor() != null) {
            spec.put("overprovisioningFactor", scheme.overprovisioningFactor());
        }
        if (scheme.failoverThreshold() != null) {
            spec.putObject("failoverThreshold").put("percentage", scheme.failoverThreshold());
        }
        if (scheme.healthyPanicThreshold() != null) {
            spec.put("healthyPanicThreshold", scheme.healthyPanicThreshold());
        }
        if (scheme.remoteHealthCheck() != null) {
            spec.putObject("remoteHealthCheck").put("minHealthyPercentage", scheme.remoteHealthCheck());
        }
        return spec;
    }

    private static ObjectNode cluster(ClusterRegistration cluster) {
        ObjectNode spec = NODES.objectNode();
        putIfNotEmpty(spec, "region", cluster.region());
        putIfNotEmpty(spec, "zone", cluster.zone());
        spec.put("network", ClusterDecoder.networkName(cluster.network()));
        if (cluster.failoverAddress() != null) {
            ObjectNode address = spec.putObject("failoverAddress");
            address.put("address", cluster.failoverAddress().address());
            address.put("port", cluster.failoverAddress().port());
        }
        putIfNotEmpty(spec, "kubeContext", cluster.kubeContext());
        return spec;
    }

    static ObjectNode ref(ResourceRef ref) {
        ObjectNode node = NODES.objectNode();
        node.put("name", ref.name());
        node.put("namespace", ref.namespace());
        return node;
    }

    static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(map).forEach(node::put);
        return node;
    }

    static void putIfNotEmpty(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
