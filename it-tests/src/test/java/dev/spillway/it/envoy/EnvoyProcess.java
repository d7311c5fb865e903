package dev.spillway.it.envoy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Envoy as a local process: {@code envoy -c FILE --base-id N --log-level warn}, everything on loopback. */
final class EnvoyProcess implements EnvoyHandle {
    private final Process process;
    private final Thread reaper;

    private EnvoyProcess(Process process, Thread reaper) {
        this.process = process;
        this.reaper = reaper;
    }

    static EnvoyProcess start(EnvoyRuntime runtime, String name, String bootstrap, Path workDir, Path log)
            throws IOException {
        Path file = workDir.resolve(name + "-bootstrap.yaml");
        Files.writeString(file, bootstrap);
        // Each Envoy on a machine needs its own base id: it names the hot-restart shared memory.
        String baseId = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 4_000_000));
        Process process = new ProcessBuilder(
                        runtime.binary().toString(), "-c", file.toString(), "--base-id", baseId, "--log-level", "warn")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        // Should the JVM die first, the process goes with it.
        Thread reaper = new Thread(process::destroyForcibly, "envoy-" + name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        return new EnvoyProcess(process, reaper);
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port(int envoyPort) {
        return envoyPort;
    }

    @Override
    public String testHostAddress() {
        return "127.0.0.1";
    }

    @Override
    public String peerAddress() {
        return "127.0.0.1";
    }

    @Override
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
