package dev.spillway.translator.xds;

import dev.spillway.api.model.ResourceKey;

/**
 * A produced Envoy resource that breaks one of Envoy's field rules, and so was not published.
 *
 * @param source       the resource it was translated from, or null when none is known (secrets)
 * @param resourceName the Envoy resource's name
 * @param path         the offending field, from the Envoy resource's root ({@code health_checks[0].timeout})
 * @param message      what the rule demands
 */
public record XdsProblem(ResourceKey source, String resourceName, String path, String message) {}
