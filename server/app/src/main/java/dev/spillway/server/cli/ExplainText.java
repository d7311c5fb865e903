package dev.spillway.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** One FailoverScheme of {@code /failover} as {@code spillway explain} prints it. */
final class ExplainText {
    private static final String INDENT = "    ";

    private ExplainText() {}

    static void print(JsonNode s, PrintWriter out) {
        JsonNode ready = s.path("ready");
        out.println("FailoverScheme " + s.path("scheme").asText() + ": "
                + s.path("state").asText() + ", " + s.path("readiness").asText()
                + (ready.isObject() ? " (" + ready.path("message").asText() + ")" : ""));
        JsonNode primary = s.path("primary");
        out.println("  primary " + primary.path("cluster").asText() + "/"
                + primary.path("upstream").asText() + " (Envoy cluster "
                + primary.path("envoyCluster").asText() + ")");
        if (s.path("tiers").isEmpty()) {
            if (!s.path("message").asText().isEmpty()) {
                out.println("  " + s.path("message").asText());
            }
            out.println();
            return;
        }
        out.println("  health check: "
                + (s.path("healthCheck").isTextual() ? s.path("healthCheck").asText() : "none")
                + (s.path("outlierDetection").asBoolean() ? "; outlier detection on" : ""));
        JsonNode t = s.path("thresholds");
        out.println("  thresholds: overprovisioning factor "
                + t.path("overprovisioningFactor").asInt()
                + "%, failover below " + t.path("failoverThresholdPercent").asText() + "% healthy, panic below "
                + t.path("healthyPanicThresholdPercent").asInt() + "% healthy ("
                + t.path("panicThresholdFrom").asText() + ")");
        out.println("    " + t.path("meaning").asText());
        out.println("    " + t.path("whenTrafficMoves").asText());
        for (JsonNode g : s.path("groups")) {
            out.println("  proxy group " + g.path("group").asText() + ": "
                    + g.path("connectedStreams").asInt() + " connected stream(s); live traffic: "
                    + live(g.path("live")));
        }
        for (JsonNode tier : s.path("tiers")) {
            tier(tier, out);
        }
        out.println();
    }

    /** "active tier 1 since ... on 3 of 3 proxies (tier 0 0%, tier 1 100% of 300 requests)". */
    private static String live(JsonNode live) {
        if (live.isMissingNode() || live.isNull()) {
            return "not reported yet";
        }
        StringBuilder b =
                new StringBuilder("active tier " + live.path("activeTier").asInt() + " since "
                        + live.path("since").asText() + " on "
                        + live.path("proxiesOnActiveTier").asInt() + " of "
                        + live.path("proxies").asInt() + " proxies (");
        String sep = "";
        for (JsonNode t : live.path("tiers")) {
            b.append(sep)
                    .append("tier ")
                    .append(t.path("tier").asInt())
                    .append(' ')
                    .append(t.path("percent").asLong());
            b.append('%');
            sep = ", ";
        }
        b.append(" of ").append(live.path("requests").asLong()).append(" requests)");
        JsonNode change = live.path("lastChange");
        if (change.isObject()) {
            b.append("\n")
                    .append(INDENT)
                    .append("last change at ")
                    .append(change.path("at").asText())
                    .append(": ");
            b.append(change.path("message").asText());
        }
        return b.toString();
    }

    private static void tier(JsonNode tier, PrintWriter out) {
        out.println("  tier " + tier.path("priority").asInt() + "  "
                + tier.path("cluster").asText() + "/"
                + tier.path("upstream").asText() + "  "
                + (tier.path("ready").asBoolean() ? "ready" : "NOT READY"));
        out.println(INDENT + "endpoints " + list(tier.path("endpoints")));
        if (tier.has("reachedAt")) {
            out.println(INDENT + "reached at " + tier.path("reachedAt").asText() + " through "
                    + tier.path("through").asText()
                    + (tier.has("sni") ? ", SNI " + tier.path("sni").asText() : ""));
        }
        if (tier.has("clientCertificate")) {
            out.println(INDENT + "client certificate " + identity(tier.path("clientCertificate")));
            out.println(INDENT + "gateway certificate " + identity(tier.path("gatewayCertificate"))
                    + (tier.path("gatewayVerified").asBoolean() ? " (verified)" : " (not verified)"));
        }
        for (JsonNode c : tier.path("conditions")) {
            out.println(INDENT + mark(c) + " " + c.path("type").asText() + " "
                    + c.path("reason").asText() + ": " + c.path("message").asText());
        }
    }

    private static String mark(JsonNode c) {
        boolean ok = c.path("status").asText().equals("True");
        return switch (c.path("severity").asText()) {
            case "Error" -> "[FAIL]";
            case "Warning" -> "[warn]";
            default -> ok ? "[ ok ]" : "[info]";
        };
    }

    private static String identity(JsonNode id) {
        if (id.isMissingNode() || id.isNull()) {
            return "unknown";
        }
        if (id.has("unreadable")) {
            return id.path("unreadable").asText();
        }
        return id.path("subject").asText()
                + (id.path("sans").isEmpty() ? "" : " " + list(id.path("sans")))
                + ", expires " + id.path("notAfter").asText();
    }

    private static String list(JsonNode array) {
        StringBuilder b = new StringBuilder();
        for (JsonNode n : array) {
            b.append(b.isEmpty() ? "" : ", ").append(n.asText());
        }
        return b.isEmpty() ? "none" : b.toString();
    }
}
