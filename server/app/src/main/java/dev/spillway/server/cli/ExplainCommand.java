package dev.spillway.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spillway explain [SCHEME]}: how a running server fails each FailoverScheme over, from {@code /failover}. */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Reads /failover of a running Spillway and explains each FailoverScheme per proxy group: its",
            "tiers in order with their endpoints, SNI and certificates, the health check, the thresholds",
            "in percent, whether each tier would carry traffic now, and the live traffic per tier.",
            "Exits 1 when a scheme shown is not Ready, 2 when the server cannot be reached or the",
            "scheme is unknown."
        })
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "SCHEME",
            description = "name, namespace/name or cluster/namespace/name of one FailoverScheme (default: all)")
    String scheme;

    @Option(
            names = "--admin",
            defaultValue = "http://127.0.0.1:9091",
            description = "admin address of the server (default: ${DEFAULT-VALUE})")
    String admin;

    @Option(names = "--json", description = "print the raw JSON of the schemes shown")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        java.util.Optional<String> fetched = AdminEndpoint.get("spillway explain", admin, "/failover", err);
        if (fetched.isEmpty()) {
            return 2;
        }
        String body = fetched.get();
        JsonNode doc = new ObjectMapper().readTree(body);
        List<JsonNode> shown = new ArrayList<>();
        for (JsonNode s : doc.path("schemes")) {
            if (scheme == null || matches(s, scheme)) {
                shown.add(s);
            }
        }
        if (scheme != null && shown.isEmpty()) {
            err.println("spillway explain: no FailoverScheme " + scheme + " on " + admin);
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(shown));
        } else {
            shown.forEach(s -> ExplainText.print(s, out));
        }
        out.flush();
        return shown.stream().allMatch(s -> s.path("readiness").asText().equals("Ready")) ? 0 : 1;
    }

    private static boolean matches(JsonNode s, String wanted) {
        String name = s.path("name").asText();
        String ns = s.path("namespace").asText();
        return wanted.equals(name)
                || wanted.equals(ns + "/" + name)
                || wanted.equals(s.path("scheme").asText());
    }
}
