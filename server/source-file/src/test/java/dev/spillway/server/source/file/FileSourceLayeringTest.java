package dev.spillway.server.source.file;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The file source turns files into an inventory of api records; it knows nothing further down the pipeline. */
@AnalyzeClasses(packages = "dev.spillway.server.source.file", importOptions = ImportOption.DoNotIncludeTests.class)
class FileSourceLayeringTest {

    @ArchTest
    static final ArchRule API_ONLY = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.spillway.translator..",
                    "dev.spillway.snapshot..",
                    "dev.spillway.server.xds..",
                    "io.envoyproxy..",
                    "com.google.protobuf..",
                    "io.grpc..",
                    "io.fabric8..")
            .because("sources only produce api records (DESIGN: rules of the flow)");
}
