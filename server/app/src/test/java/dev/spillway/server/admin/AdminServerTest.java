package dev.spillway.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AdminServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void nothingTranslatedYetIsA503ThatSaysWhy() throws Exception {
        try (AdminServer admin = start(() -> {
            throw new AdminServer.NotAvailableYet("not translated yet");
        })) {
            HttpResponse<String> response = get(admin, "/status");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("not available yet: not translated yet\n");
        }
    }

    @Test
    void aBodyThatFailsToRenderIsA500WithTheErrorNotA503() throws Exception {
        try (AdminServer admin = start(() -> {
            throw new IllegalStateException("no status for gloo-system/blue");
        })) {
            HttpResponse<String> response = get(admin, "/status");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body())
                    .contains("failed to render")
                    .contains("IllegalStateException: no status for gloo-system/blue");
        }
    }

    @Test
    void aRenderedBodyIsA200() throws Exception {
        try (AdminServer admin = start(() -> "{\"resources\":[]}")) {
            HttpResponse<String> response = get(admin, "/status");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.body()).isEqualTo("{\"resources\":[]}");
        }
    }

    private static AdminServer start(AdminServer.TextSource status) throws IOException {
        AdminServer admin = new AdminServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new AdminServer.Endpoints(() -> true, () -> "", status, group -> null));
        admin.start();
        return admin;
    }

    private HttpResponse<String> get(AdminServer admin, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + admin.port() + path);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
