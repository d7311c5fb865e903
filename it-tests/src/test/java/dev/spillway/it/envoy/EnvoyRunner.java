package dev.spillway.it.envoy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Envoy for a test, from {@link EnvoyRuntime}: a Testcontainers container, or a local process
 * ({@code envoy -c FILE --base-id N --log-level warn}); it is ready when its admin {@code /ready} answers
 * {@code LIVE}. Without any Envoy, {@link #start} aborts the calling test with the reason. Its log goes to
 * {@code <workDir>/<name>-envoy.log}; its admin API is at hand through {@link #admin}, {@link #configDump},
 * {@link #clusters} and {@link #stat}.
 */
public final class EnvoyRunner implements AutoCloseable {
    /** How long Envoy may take from start to {@code LIVE} (first xDS round included). */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Path log;
    private final EnvoyHandle handle;
    private final int adminPort;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private EnvoyRunner(String name, Path log, EnvoyHandle handle, int adminPort) {
        this.name = name;
        this.log = log;
        this.handle = handle;
        this.adminPort = adminPort;
    }

    /**
     * Starts Envoy with {@code bootstrap} and waits until it is {@code LIVE}.
     *
     * @param name          names the log file and the container
     * @param bootstrap     the bootstrap (its admin port is where readiness is polled)
     * @param listenerPorts ports Envoy's listeners will bind (mapped in a bridged container)
     * @param workDir       where the bootstrap file and the log go
     */
    public static EnvoyRunner start(String name, EnvoyBootstrap bootstrap, List<Integer> listenerPorts, Path workDir) {
        return start(name, bootstrap.text(), bootstrap.adminPort(), listenerPorts, workDir);
    }

    /** Starts Envoy with the bootstrap in {@code bootstrapFile}. */
    public static EnvoyRunner start(
            String name, Path bootstrapFile, int adminPort, List<Integer> listenerPorts, Path workDir) {
        try {
            return start(name, Files.readString(bootstrapFile), adminPort, listenerPorts, workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts Envoy with a bootstrap given as text (YAML or JSON). */
    public static EnvoyRunner start(
            String name, String bootstrap, int adminPort, List<Integer> listenerPorts, Path workDir) {
        EnvoyRuntime runtime = EnvoyRuntime.current();
        runtime.assumeAvailable();
        Path log = workDir.resolve(name + "-envoy.log");
        EnvoyHandle handle;
        try {
            Files.createDirectories(workDir);
            Files.writeString(log, "");
            handle = runtime.docker()
                    ? EnvoyContainer.start(runtime, name, bootstrap, adminPort, listenerPorts, log)
                    : EnvoyProcess.start(runtime, name, bootstrap, workDir, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EnvoyRunner envoy = new EnvoyRunner(name, log, handle, adminPort);
        try {
            envoy.awaitReady();
        } catch (RuntimeException | AssertionError e) {
            envoy.close();
            throw e;
        }
        return envoy;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!ready()) {
            if (!handle.alive()) {
                throw new AssertionError(name + " Envoy exited before it was ready; its log:\n" + logTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " Envoy not LIVE (/ready) after " + READY_TIMEOUT.toSeconds()
                        + " s; its log:\n" + logTail(40));
            }
            Poll.sleep(Duration.ofMillis(100));
        }
    }

    /** {@code /ready} answers 200 {@code LIVE}. */
    public boolean ready() {
        try {
            HttpResponse<String> r = get("/ready");
            return r.statusCode() == 200 && r.body().trim().equals("LIVE");
        } catch (IOException e) {
            return false;
        }
    }

    /** GET on the admin API; fails unless it answers 200. */
    public String admin(String pathAndQuery) {
        try {
            HttpResponse<String> r = get(pathAndQuery);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(
                        name + " admin " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " admin " + pathAndQuery, e);
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + handle.host() + ":" + handle.port(adminPort) + pathAndQuery))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code /config_dump?include_eds}: every xDS resource Envoy holds, endpoints included. */
    public ConfigDump configDump() {
        return ConfigDump.parse(admin("/config_dump?include_eds"));
    }

    /** {@code /clusters?format=json}: the clusters as Envoy runs them, each host with its health and priority. */
    public JsonNode clusters() {
        try {
            return JSON.readTree(admin("/clusters?format=json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One host of a cluster as Envoy's {@code /clusters} shows it. */
    public record Host(String address, int port, int priority, boolean healthy, String health) {
        @Override
        public String toString() {
            return address + ":" + port + " p" + priority + (healthy ? " healthy" : " " + health);
        }
    }

    /** The hosts of {@code cluster}, with priority and health (empty when Envoy has no such cluster). */
    public List<Host> hosts(String cluster) {
        List<Host> out = new java.util.ArrayList<>();
        for (JsonNode c : clusters().path("cluster_statuses")) {
            if (!c.path("name").asText().equals(cluster)) {
                continue;
            }
            for (JsonNode h : c.path("host_statuses")) {
                JsonNode socket = h.path("address").path("socket_address");
                JsonNode health = h.path("health_status");
                boolean healthy = true;
                for (Map.Entry<String, JsonNode> f : health.properties()) {
                    if (f.getValue().isBoolean() && f.getValue().asBoolean()) {
                        healthy = false; // failed_active_health_check, pending_active_hc, ...
                    }
                }
                String eds = health.path("eds_health_status").asText("HEALTHY");
                if (!eds.equals("HEALTHY") && !eds.equals("UNKNOWN")) {
                    healthy = false;
                }
                out.add(new Host(
                        socket.path("address").asText(),
                        socket.path("port_value").asInt(),
                        h.path("priority").asInt(0),
                        healthy,
                        health.toString()));
            }
        }
        return out;
    }

    /** {@code /stats}, as text. */
    public String stats() {
        return admin("/stats");
    }

    /** One counter or gauge from {@code /stats}, or -1 when Envoy has no such stat (yet). */
    public long stat(String statName) {
        String filter = URLEncoder.encode("^" + statName.replace(".", "\\.") + "$", StandardCharsets.UTF_8);
        return statValues(admin("/stats?filter=" + filter)).getOrDefault(statName, -1L);
    }

    static Map<String, Long> statValues(String text) {
        Map<String, Long> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.lastIndexOf(": ");
            if (colon > 0) {
                try {
                    values.put(
                            line.substring(0, colon).trim(),
                            Long.parseLong(line.substring(colon + 2).trim()));
                } catch (NumberFormatException histogram) {
                    // histograms print summaries, not numbers
                }
            }
        }
        return values;
    }

    /** Host-side base URL of one of Envoy's HTTP listeners. */
    public String url(int listenerPort) {
        return "http://" + handle.host() + ":" + handle.port(listenerPort);
    }

    public String host() {
        return handle.host();
    }

    /** Host-side port of a port Envoy listens on. */
    public int port(int envoyPort) {
        return handle.port(envoyPort);
    }

    /** The address at which this Envoy reaches services on the test JVM's loopback (backends, Spillway). */
    public String testHostAddress() {
        return handle.testHostAddress();
    }

    /** The address at which other Envoys reach this one. */
    public String peerAddress() {
        return handle.peerAddress();
    }

    public String name() {
        return name;
    }

    /** The last lines of Envoy's log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        handle.stop();
    }

    @Override
    public String toString() {
        return name + " Envoy (" + EnvoyRuntime.current().mode() + ", admin " + handle.host() + ":"
                + handle.port(adminPort) + ")";
    }
}
