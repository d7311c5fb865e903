package dev.spillway.translator.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.server.source.file.ConfigDirectory;
import dev.spillway.translator.Translator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resource with thousands of problems costs work in proportion to them: a FailoverScheme with 10,000
 * priority groups naming unknown clusters used to re-sort its whole problem list for every problem added
 * (about 100 GB allocated). Bounded by allocation, which does not depend on the machine's speed.
 */
class ManyProblemsTest {
    private static final int GROUPS = 10_000;

    @TempDir
    Path dir;

    @Test
    void tenThousandUnknownTargetsAreEachReportedInLinearWork() throws IOException {
        copyExample(dir);
        StringBuilder groups = new StringBuilder();
        for (int i = 0; i < GROUPS; i++) {
            groups.append("  - priorityGroup:\n    - cluster: nowhere")
                    .append(i)
                    .append("\n      upstreams:\n      - name: default-service-green-10000\n")
                    .append("        namespace: gloo-system\n");
        }
        Files.writeString(dir.resolve("local/big-scheme.yaml"), """
                apiVersion: fed.solo.io/v1
                kind: FailoverScheme
                metadata:
                  name: big-scheme
                  namespace: gloo-fed
                spec:
                  primary:
                    clusterName: local
                    name: default-service-blue-10000
                    namespace: gloo-system
                  failoverGroups:
                """ + groups);
        var inventory = ConfigDirectory.read(dir);

        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        var translation = Translator.translate(inventory);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        ResourceStatus status =
                translation.statuses().get(new ResourceKey(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "big-scheme"));
        assertThat(status.problems()).hasSize(GROUPS);
        assertThat(status.reason())
                .contains("spec.failoverGroups[9999] target cluster nowhere9999 is unknown")
                .startsWith("FailoverScheme gloo-fed/big-scheme: spec.failoverGroups[0] target cluster nowhere0");
        assertThat(translation
                        .statuses()
                        .get(new ResourceKey(Kind.FAILOVER_SCHEME, "local", "gloo-fed", "failover-scheme"))
                        .state()
                        .label(Kind.FAILOVER_SCHEME))
                .as("the good scheme beside it")
                .isEqualTo("ACCEPTED");
        assertThat(allocated).as("bytes allocated translating").isLessThan(1L << 30);
    }

    private static void copyExample(Path target) throws IOException {
        Path example = Path.of("../examples/failover");
        try (Stream<Path> files = Files.walk(example)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(example.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
