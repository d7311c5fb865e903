package dev.spillway.it.envoy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain GETs through an Envoy listener, as the guide's {@code curl $PROXY_URL}. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** One answer: status and trimmed body, or status -1 and the error. */
    record Answer(int status, String body) {
        boolean is(String expectedBody) {
            return status == 200 && body.equals(expectedBody);
        }

        @Override
        public String toString() {
            return status < 0 ? body : status + " " + body;
        }
    }

    private Http() {}

    static Answer get(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(3))
                .GET()
                .build();
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body().strip());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }
}
