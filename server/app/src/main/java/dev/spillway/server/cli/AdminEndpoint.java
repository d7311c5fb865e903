package dev.spillway.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Reads one JSON endpoint of a running server's admin port for a CLI command. */
final class AdminEndpoint {
    private AdminEndpoint() {}

    /**
     * The body of {@code admin + path}, or empty after saying on {@code err} why not (unreachable, or an answer
     * other than 200), the command's name first.
     */
    static Optional<String> get(String command, String admin, String path, PrintWriter err)
            throws InterruptedException {
        try {
            HttpResponse<String> response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(3))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(admin + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println(command + ": " + admin + path + " answered " + response.statusCode() + ": "
                        + response.body().trim());
                return Optional.empty();
            }
            return Optional.of(response.body());
        } catch (IOException | IllegalArgumentException e) {
            err.println(command + ": cannot reach " + admin + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
