// The user guide's color app for `make demo`, run as a single-file program (no build needed):
//
//   java demo/ColorBackend.java blue 10001
//
// GET /           answers "<color>-pod" (the guide's hashicorp/http-echo -text="blue-pod")
// GET /health     200 OK, or 503 after a POST to /healthcheck/fail (the guide's health-check sidecar)
// POST /healthcheck/fail and POST /healthcheck/ok switch /health, as `curl -X POST .../healthcheck/fail`
// does in the guide.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

public class ColorBackend {
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java demo/ColorBackend.java COLOR PORT");
            System.exit(2);
        }
        String color = args[0];
        int port = Integer.parseInt(args[1]);
        AtomicBoolean healthy = new AtomicBoolean(true);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                boolean post = exchange.getRequestMethod().equals("POST");
                if (path.equals("/health")) {
                    respond(exchange, healthy.get() ? 200 : 503, healthy.get() ? "OK" : "unhealthy");
                } else if (post && path.equals("/healthcheck/fail")) {
                    healthy.set(false);
                    System.out.println(color + ": health check now fails");
                    respond(exchange, 200, "OK");
                } else if (post && path.equals("/healthcheck/ok")) {
                    healthy.set(true);
                    System.out.println(color + ": health check now passes");
                    respond(exchange, 200, "OK");
                } else {
                    respond(exchange, 200, color + "-pod");
                }
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        System.out.println(color + " listening on 127.0.0.1:" + port);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
