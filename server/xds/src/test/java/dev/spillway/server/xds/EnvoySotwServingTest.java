package dev.spillway.server.xds;

import dev.spillway.server.xds.envoy.EnvoyOptions;

class EnvoySotwServingTest extends EnvoyServingTest {
    @Override
    EnvoyOptions options() {
        return EnvoyOptions.stateOfTheWorld();
    }
}
