package dev.spillway.server.xds;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The ADS server serves snapshots: it knows gRPC, Envoy's discovery protos and the snapshot store, and
 * nothing of where resources come from or how they are translated.
 */
@AnalyzeClasses(packages = "dev.spillway.server.xds", importOptions = ImportOption.DoNotIncludeTests.class)
class XdsLayeringTest {

    @ArchTest
    static final ArchRule NO_SOURCES_OR_APP = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.fabric8..",
                    "picocli..",
                    "com.sun.net.httpserver..",
                    "io.prometheus..",
                    "dev.spillway.server.source..",
                    "dev.spillway.server.writeback..",
                    "dev.spillway.server.cli..",
                    "dev.spillway.server.admin..",
                    "dev.spillway.server.status..",
                    "dev.spillway.server.metrics..")
            .because("server/xds depends on the snapshot module and gRPC only");

    @ArchTest
    static final ArchRule NO_TRANSLATOR_OR_GLOO_SCHEMA = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.spillway.translator..", "dev.spillway.api.codec..")
            .because("the server reads what the snapshot publishes, never the translator's internals");
}
