package dev.spillway.api.codec;

import static dev.spillway.api.codec.GlooTrees.putIfTrue;
import static dev.spillway.api.codec.ResourceEncoder.NODES;
import static dev.spillway.api.codec.ResourceEncoder.putIfNotEmpty;
import static dev.spillway.api.codec.ResourceEncoder.ref;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spillway.api.model.SslOptions;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import java.util.List;

/** The {@code sslConfig} trees, in Gloo's field names; the inverse of {@link SslDecoder}. */
final class SslTrees {

    private SslTrees() {}

    static ObjectNode upstream(Upstream.UpstreamSsl ssl) {
        ObjectNode node = NODES.objectNode();
        if (ssl.secretRef() != null) {
            node.set("secretRef", ref(ssl.secretRef()));
        }
        putIfNotEmpty(node, "sni", ssl.sni());
        if (ssl.files() != null) {
            ObjectNode files = node.putObject("sslFiles");
            putIfNotEmpty(files, "tlsCert", ssl.files().tlsCert());
            putIfNotEmpty(files, "tlsKey", ssl.files().tlsKey());
            putIfNotEmpty(files, "rootCa", ssl.files().rootCa());
        }
        if (ssl.sds() != null) {
            ObjectNode sds = node.putObject("sds");
            putIfNotEmpty(sds, "targetUri", ssl.sds().targetUri());
            putIfNotEmpty(sds, "clusterName", ssl.sds().clusterName());
            putIfNotEmpty(sds, "certificatesSecretName", ssl.sds().certificatesSecretName());
            putIfNotEmpty(sds, "validationContextName", ssl.sds().validationContextName());
        }
        strings(node, "verifySubjectAltName", ssl.verifySubjectAltName());
        parameters(node, ssl.parameters());
        strings(node, "alpnProtocols", ssl.alpnProtocols());
        return node;
    }

    static ObjectNode downstream(VirtualService.DownstreamSsl ssl) {
        ObjectNode node = NODES.objectNode();
        if (ssl.secretRef() != null) {
            node.set("secretRef", ref(ssl.secretRef()));
        }
        strings(node, "sniDomains", ssl.sniDomains());
        putIfTrue(node, "oneWayTls", ssl.oneWayTls());
        strings(node, "alpnProtocols", ssl.alpnProtocols());
        strings(node, "verifySubjectAltName", ssl.verifySubjectAltName());
        parameters(node, ssl.parameters());
        return node;
    }

    private static void parameters(ObjectNode node, SslOptions.Parameters parameters) {
        if (parameters == null) {
            return;
        }
        ObjectNode p = node.putObject("parameters");
        if (parameters.minimumProtocolVersion() != null) {
            p.put("minimumProtocolVersion", parameters.minimumProtocolVersion().name());
        }
        if (parameters.maximumProtocolVersion() != null) {
            p.put("maximumProtocolVersion", parameters.maximumProtocolVersion().name());
        }
        strings(p, "cipherSuites", parameters.cipherSuites());
        strings(p, "ecdhCurves", parameters.ecdhCurves());
    }

    private static void strings(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            GlooTrees.strings(node.putArray(field), values);
        }
    }
}
