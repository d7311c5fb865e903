package dev.spillway.it.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.xds.XdsCredentialsProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The xDS bootstrap's {@code channel_creds} type {@code tls} with certificate files, as gRFC A65 ("mTLS
 * Credentials in xDS Bootstrap File") defines its {@code config}: {@code certificate_file} and
 * {@code private_key_file} (the client certificate, both or neither) and {@code ca_certificate_file} (the roots
 * the xDS server's certificate must chain to; the JVM's default roots without it).
 *
 * <p>grpc-java implements that {@code config} only after 1.85: in grpc-xds 1.85.1, on this classpath,
 * {@code io.grpc.xds.internal.TlsXdsCredentialsProvider.newChannelCredentials} ignores it and returns
 * {@code TlsChannelCredentials.create()} (the default roots, no client certificate), so a stock 1.85 xDS client
 * cannot present a certificate to its management server. grpc-java's documented extension point for channel
 * credentials in the bootstrap is an {@link XdsCredentialsProvider} found by {@link java.util.ServiceLoader}
 * ({@code XdsCredentialsRegistry}, highest priority per name wins): this one, registered in
 * {@code META-INF/services/io.grpc.xds.XdsCredentialsProvider} with priority 6 over the built-in 5, reads the
 * A65 fields, so the test bootstraps are the ones a later grpc-java reads natively. Unlike grpc-java's own
 * implementation it reads the files once, when the xDS client is created (its refresh_interval is not modelled).
 * Everything else (the xDS client, its ADS stream, the channel) is grpc-java's.
 */
public final class FileMtlsXdsCredentialsProvider extends XdsCredentialsProvider {
    @Override
    protected ChannelCredentials newChannelCredentials(Map<String, ?> config) {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        if (config == null) {
            return tls.build();
        }
        Object certificate = config.get("certificate_file");
        Object key = config.get("private_key_file");
        Object ca = config.get("ca_certificate_file");
        try {
            if (certificate != null && key != null) {
                tls.keyManager(new File((String) certificate), new File((String) key));
            } else if (certificate != null || key != null) {
                return null; // A65: both or neither; null makes the bootstrap fail to parse
            }
            if (ca != null) {
                tls.trustManager(new File((String) ca));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tls.build();
    }

    @Override
    protected String getName() {
        return "tls";
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public int priority() {
        return 6;
    }
}
