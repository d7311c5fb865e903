package dev.spillway.api.model;

/**
 * An address and port ({@code {addr, port}} in static upstreams, {@code {address, port}} elsewhere).
 *
 * @param address IP address or DNS name
 * @param port    1..65535
 */
public record HostPort(String address, int port) {
    @Override
    public String toString() {
        return address + ":" + port;
    }
}
