package dev.spillway.server.xds;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * TLS for the xDS port, from PEM files.
 *
 * @param certificate the server certificate chain
 * @param privateKey  its private key (PEM PKCS#8)
 * @param clientCa    the CA client certificates must chain to; null: no client certificates asked for
 * @param reload      how often the files are checked for a change (a rotated file serves new connections)
 */
public record XdsTls(Path certificate, Path privateKey, Path clientCa, Duration reload) {
    /** How often {@code serve} checks the files. */
    public static final Duration DEFAULT_RELOAD = Duration.ofSeconds(5);

    /** True when client certificates are required and verified. */
    public boolean verifiesClients() {
        return clientCa != null;
    }

    /** Credentials whose key and trust managers re-read the files; closing them stops the checks. */
    public Reloading open() throws IOException {
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spillway-xds-tls-reload");
            t.setDaemon(true);
            return t;
        });
        try {
            AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
            TlsServerCredentials.Builder builder =
                    TlsServerCredentials.newBuilder().keyManager(keys);
            AdvancedTlsX509TrustManager trust = null;
            if (clientCa != null) {
                trust = AdvancedTlsX509TrustManager.newBuilder()
                        .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                        .build();
                builder.trustManager(trust).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            }
            TlsFiles files = new TlsFiles(certificate, privateKey, clientCa, keys, trust);
            files.loadNow();
            long millis = reload.toMillis();
            watcher.scheduleWithFixedDelay(files::check, millis, millis, TimeUnit.MILLISECONDS);
            return new Reloading(builder.build(), watcher);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            watcher.shutdownNow();
            throw new IOException(
                    "xDS TLS: cannot load " + certificate + " / " + privateKey
                            + (clientCa == null ? "" : " / " + clientCa) + ": " + e.getMessage(),
                    e);
        }
    }

    /** Open credentials and the file checks behind them. */
    public static final class Reloading implements AutoCloseable {
        private final ServerCredentials credentials;
        private final ScheduledExecutorService watcher;

        Reloading(ServerCredentials credentials, ScheduledExecutorService watcher) {
            this.credentials = credentials;
            this.watcher = watcher;
        }

        public ServerCredentials credentials() {
            return credentials;
        }

        @Override
        public void close() {
            watcher.shutdownNow();
        }
    }
}
