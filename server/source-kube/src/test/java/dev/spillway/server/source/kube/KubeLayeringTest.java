package dev.spillway.server.source.kube;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The Kubernetes module: informers and decoding in {@code source.kube}, status write-back in
 * {@code writeback}. Neither knows Envoy or the translator; the source never writes.
 */
@AnalyzeClasses(
        packages = {"dev.spillway.server.source.kube", "dev.spillway.server.writeback"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class KubeLayeringTest {

    @ArchTest
    static final ArchRule NO_ENVOY = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.spillway.translator..",
                    "dev.spillway.snapshot..",
                    "dev.spillway.server.xds..",
                    "io.envoyproxy..",
                    "com.google.protobuf..",
                    "io.grpc..")
            .because("sources only produce api records (DESIGN: rules of the flow)");

    @ArchTest
    static final ArchRule SOURCE_NEVER_WRITES_STATUS = noClasses()
            .that()
            .resideInAPackage("dev.spillway.server.source.kube..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.spillway.server.writeback..")
            .because("reading and status write-back are separate concerns");
}
