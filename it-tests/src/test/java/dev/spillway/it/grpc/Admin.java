package dev.spillway.it.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Spillway's admin HTTP endpoints, as an operator (or a scraper) reads them. */
final class Admin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Pattern CONNECTED_STREAMS =
            Pattern.compile("(?m)^spillway_xds_connected_streams\\{group=\"([^\"]*)\",protocol=\"[^\"]*\"} (\\S+)$");

    private final int port;

    Admin(int port) {
        this.port = port;
    }

    /** {@code GET /status}. */
    JsonNode status() throws IOException, InterruptedException {
        return JSON.readTree(get("/status"));
    }

    /** {@code GET /metrics}, Prometheus text. */
    String metrics() throws IOException, InterruptedException {
        return get("/metrics");
    }

    /**
     * One sample of {@code /metrics}, 0 when absent.
     *
     * @param labels the sample's labels exactly as exposed, e.g. {@code type="listener"}
     */
    double sample(String name, String labels) throws IOException, InterruptedException {
        Pattern line = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$");
        Matcher m = line.matcher(metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The ADS streams a group has open, from {@code spillway_xds_connected_streams}. */
    int connectedStreams(String group) throws IOException, InterruptedException {
        return connectedStreams().getOrDefault(group, 0);
    }

    /** The groups that have ADS streams open (any protocol), with their number of streams. */
    Map<String, Integer> connectedStreams() throws IOException, InterruptedException {
        Matcher m = CONNECTED_STREAMS.matcher(metrics());
        Map<String, Integer> streams = new TreeMap<>();
        while (m.find()) {
            int count = (int) Double.parseDouble(m.group(2));
            if (count > 0) {
                streams.merge(m.group(1), count, Integer::sum);
            }
        }
        return streams;
    }

    /** How many responses of an xDS type (cluster, endpoint, listener, route, secret) were sent. */
    long pushes(String type) throws IOException, InterruptedException {
        return (long) sample("spillway_xds_pushes_total", "type=\"" + type + "\"");
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
