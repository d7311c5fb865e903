package dev.spillway.server.xds;

import dev.spillway.server.xds.envoy.EnvoyOptions;

class EnvoyDeltaServingTest extends EnvoyServingTest {
    @Override
    EnvoyOptions options() {
        return EnvoyOptions.incremental();
    }
}
