package dev.spillway.it.grpc;

/**
 * grpc-java's xDS bootstrap for this JVM. grpc-xds 1.85.1 ({@code GrpcBootstrapperImpl}) reads it once per
 * JVM, when the first {@code xds:} channel is created, from the first of: the file named by env
 * {@code GRPC_XDS_BOOTSTRAP}, the file named by system property {@code io.grpc.xds.bootstrap}, the JSON in
 * env {@code GRPC_XDS_BOOTSTRAP_CONFIG}, the JSON in system property {@code io.grpc.xds.bootstrapConfig};
 * the result is cached for the life of the JVM. So the xDS server address is fixed once: every test that
 * starts a control plane for grpc-java's client starts it on {@link #xdsPort()}.
 *
 * <p>The node is what a stock grpc-java client sends: its own user agent ({@code gRPC Java}) and only
 * {@code metadata.cluster}, no {@code proxyless} flag, so Spillway must recognise the gRPC client by itself.
 */
final class XdsBootstrap {
    static final String CONFIG_PROPERTY = "io.grpc.xds.bootstrapConfig";
    static final String NODE_ID = "color-client-1";

    private static int port;

    private XdsBootstrap() {}

    /** The xDS port of this JVM; the bootstrap pointing at it is installed on the first call. */
    static synchronized int xdsPort() {
        if (port == 0) {
            int chosen = Ports.free();
            install(json(chosen));
            port = chosen;
        }
        return port;
    }

    static String json(int xdsPort) {
        return """
                {
                  "xds_servers": [{
                    "server_uri": "127.0.0.1:%d",
                    "channel_creds": [{"type": "insecure"}],
                    "server_features": ["xds_v3"]
                  }],
                  "node": {
                    "id": "%s",
                    "cluster": "color-client",
                    "metadata": {"cluster": "local"}
                  }
                }""".formatted(xdsPort, NODE_ID);
    }

    private static void install(String json) {
        for (String env : new String[] {"GRPC_XDS_BOOTSTRAP", "GRPC_XDS_BOOTSTRAP_CONFIG"}) {
            if (System.getenv(env) != null) {
                throw new IllegalStateException(
                        "env " + env + " is set and takes precedence over the test's bootstrap");
            }
        }
        if (System.getProperty("io.grpc.xds.bootstrap") != null) {
            throw new IllegalStateException("system property io.grpc.xds.bootstrap is set and takes precedence");
        }
        String existing = System.getProperty(CONFIG_PROPERTY);
        if (existing != null) {
            throw new IllegalStateException("another test already set " + CONFIG_PROPERTY + " for this JVM, and "
                    + "grpc-java reads the bootstrap only once; share XdsBootstrap instead: " + existing);
        }
        System.setProperty(CONFIG_PROPERTY, json);
    }
}
