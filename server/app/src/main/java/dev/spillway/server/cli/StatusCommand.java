package dev.spillway.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spillway status}: the statuses a running server reports on its admin {@code /status}. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Reads /status of a running Spillway and prints one line per resource, then the",
            "FailoverSchemes' chosen endpoints and any NACKs. Exits 1 when anything is Rejected,",
            "INVALID or FAILED, 2 when the server cannot be reached."
        })
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--admin",
            defaultValue = "http://127.0.0.1:9091",
            description = "admin address of the server (default: ${DEFAULT-VALUE})")
    String admin;

    @Option(names = "--json", description = "print the raw JSON")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        java.util.Optional<String> fetched = AdminEndpoint.get(
                "spillway status", admin, "/status", spec.commandLine().getErr());
        if (fetched.isEmpty()) {
            return 2;
        }
        String body = fetched.get();
        if (json) {
            out.print(body);
            out.flush();
            return 0;
        }
        return print(body, out);
    }

    private static int print(String body, PrintWriter out) {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(body);
        } catch (IOException e) {
            out.println("spillway status: not a status document: " + e.getMessage());
            return 2;
        }
        boolean error = false;
        for (JsonNode r : doc.path("resources")) {
            String state = r.path("state").asText();
            error |= state.equals("Rejected") || state.equals("INVALID") || state.equals("FAILED");
            String ns = r.path("namespace").asText();
            out.println(state + " " + r.path("kind").asText() + " "
                    + r.path("cluster").asText() + "/"
                    + (ns.isEmpty() ? "" : ns + "/") + r.path("name").asText()
                    + (r.path("reason").asText().isEmpty()
                            ? ""
                            : ": " + r.path("reason").asText()));
        }
        for (JsonNode f : doc.path("failoverSchemes")) {
            for (JsonNode t : f.path("targets")) {
                out.println("failover " + f.path("primary").asText() + " priority "
                        + t.path("priority").asInt() + " -> "
                        + t.path("cluster").asText() + "/" + t.path("upstream").asText() + " at "
                        + t.path("endpoint").asText() + " via "
                        + t.path("through").asText());
            }
        }
        for (JsonNode n : doc.path("nacks")) {
            out.println("NACK " + n.path("group").asText() + " "
                    + n.path("type").asText() + " version " + n.path("version").asText() + " from "
                    + n.path("node").asText() + ": " + n.path("message").asText());
        }
        out.flush();
        return error ? 1 : 0;
    }
}
