package dev.spillway.it.envoy;

/** A running Envoy, whatever runs it: a local process or a container. */
interface EnvoyHandle {
    boolean alive();

    /** Host-side host of the ports Envoy listens on. */
    String host();

    /** Host-side port of a port Envoy listens on (the same, but in a bridged container). */
    int port(int envoyPort);

    /** Where this Envoy reaches services on the test JVM's loopback. */
    String testHostAddress();

    /** Where other Envoys reach this one. */
    String peerAddress();

    void stop();
}
