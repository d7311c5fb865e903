package dev.spillway.translator.xds.pgv;

/**
 * One broken {@code (validate.rules)} constraint.
 *
 * @param path where the value sits, e.g. {@code load_assignment.endpoints[0].lb_endpoints[1].endpoint.address
 *     .socket_address.port_value}; map entries read {@code filter_metadata["key"]}
 * @param rule the PGV rule, e.g. {@code uint32.lte}, {@code repeated.items.string.min_len}
 * @param message what the value must be, e.g. {@code must be less than or equal to 65535}
 */
public record Violation(String path, String rule, String message) {}
