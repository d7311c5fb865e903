package dev.spillway.translator.xds.pgv;

/** A broken rule before it is placed at a path. */
record Failure(String rule, String message) {

    Violation at(String path, String rulePrefix) {
        return new Violation(path, rulePrefix + rule, message);
    }
}
