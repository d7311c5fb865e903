package dev.spillway.it.grpc;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for servers the tests stop and start again on the same port (the xDS port, the backends).
 * They are taken below the ephemeral range (32768+ on Linux, 49152+ elsewhere), so no connection the tests
 * open while such a server is down can be given its port.
 */
final class Ports {
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;

    private Ports() {}

    /** A port free on every interface right now. */
    static int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + ".." + LAST);
    }
}
