package dev.spillway.translator.model;

/**
 * One cluster model of a group replaced by another of the same name, when a change re-resolves only it.
 *
 * @param before the model in the previous resolution
 * @param after  the model that takes its place
 */
public record ClusterReplacement(UpstreamCluster before, UpstreamCluster after) {}
