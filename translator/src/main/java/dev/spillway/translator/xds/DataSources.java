package dev.spillway.translator.xds;

import io.envoyproxy.envoy.config.core.v3.DataSource;

/** Envoy data sources that name a file on the proxy's host. */
final class DataSources {
    private DataSources() {}

    /** Envoy reads (and, for TLS, watches) the file itself; Spillway never opens it. */
    static DataSource file(String path) {
        return DataSource.newBuilder().setFilename(path).build();
    }
}
