package dev.spillway.api.codec;

import static dev.spillway.api.codec.GlooTrees.putDuration;
import static dev.spillway.api.codec.GlooTrees.putIfSet;
import static dev.spillway.api.codec.GlooTrees.putIfTrue;
import static dev.spillway.api.codec.ResourceEncoder.NODES;
import static dev.spillway.api.codec.ResourceEncoder.putIfNotEmpty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spillway.api.model.HealthCheck;
import java.util.List;

/** An Upstream's health check as Gloo's YAML, every field the record holds. */
final class HealthCheckTrees {
    private HealthCheckTrees() {}

    static ObjectNode healthCheck(HealthCheck hc) {
        ObjectNode node = NODES.objectNode();
        putDuration(node, "timeout", hc.timeout());
        putDuration(node, "interval", hc.interval());
        node.put("unhealthyThreshold", hc.unhealthyThreshold());
        node.put("healthyThreshold", hc.healthyThreshold());
        putDuration(node, "intervalJitter", hc.intervalJitter());
        putDuration(node, "noTrafficInterval", hc.noTrafficInterval());
        putDuration(node, "unhealthyEdgeInterval", hc.unhealthyEdgeInterval());
        putDuration(node, "healthyEdgeInterval", hc.healthyEdgeInterval());
        HealthCheck.Options o = hc.options();
        putDuration(node, "initialJitter", o.initialJitter());
        putIfSet(node, "intervalJitterPercent", o.intervalJitterPercent());
        putDuration(node, "unhealthyInterval", o.unhealthyInterval());
        if (o.reuseConnection() != null) {
            node.put("reuseConnection", o.reuseConnection());
        }
        putIfNotEmpty(node, "eventLogPath", o.eventLogPath());
        putIfTrue(node, "alwaysLogHealthCheckFailures", o.alwaysLogHealthCheckFailures());
        if (hc.http() != null) {
            ObjectNode http = node.putObject("httpHealthCheck");
            http.put("path", hc.http().path());
            putIfNotEmpty(http, "host", hc.http().host());
            for (HealthCheck.StatusRange range : hc.http().expectedStatuses()) {
                http.withArray("expectedStatuses")
                        .addObject()
                        .put("start", range.start())
                        .put("end", range.end());
            }
            putIfNotEmpty(http, "serviceName", hc.http().serviceName());
            putIfTrue(http, "useHttp2", hc.http().useHttp2());
            putIfNotEmpty(http, "method", hc.http().method());
            headers(http, "requestHeadersToAdd", hc.http().requestHeadersToAdd());
            hc.http()
                    .requestHeadersToRemove()
                    .forEach(name -> http.withArray("requestHeadersToRemove").add(name));
        }
        if (hc.tcp() != null) {
            ObjectNode tcp = node.putObject("tcpHealthCheck");
            if (!hc.tcp().send().isEmpty()) {
                tcp.putObject("send").put("text", hc.tcp().send());
            }
            hc.tcp()
                    .receive()
                    .forEach(text -> tcp.withArray("receive").addObject().put("text", text));
        }
        if (hc.grpc() != null) {
            ObjectNode grpc = node.putObject("grpcHealthCheck");
            putIfNotEmpty(grpc, "serviceName", hc.grpc().serviceName());
            putIfNotEmpty(grpc, "authority", hc.grpc().authority());
            headers(grpc, "initialMetadata", hc.grpc().initialMetadata());
        }
        return node;
    }

    private static void headers(ObjectNode node, String field, List<HealthCheck.Header> headers) {
        for (HealthCheck.Header h : headers) {
            ObjectNode option = node.withArray(field).addObject();
            option.putObject("header").put("key", h.key()).put("value", h.value());
            option.put("append", h.append());
        }
    }
}
