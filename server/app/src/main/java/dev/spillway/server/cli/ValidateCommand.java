package dev.spillway.server.cli;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.api.status.StatusLines;
import dev.spillway.server.source.file.ConfigDirectory;
import dev.spillway.server.status.StatusBoard;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spillway validate DIR}: every resource's status, with the cross-resource rules; exit 1 on any error. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a config directory (one sub-directory per cluster) without serving it.",
            "Prints one line per resource: <State> <Kind> <cluster>/<namespace>/<name>[: <reason>].",
            "Exits 1 when any resource is Rejected, INVALID or FAILED, 0 otherwise."
        })
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "config directory, e.g. examples/failover")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Inventory inventory = ConfigDirectory.read(dir);
        Translation translation = Translator.translate(inventory);
        SortedMap<ResourceKey, ResourceStatus> statuses = StatusBoard.withExpiry(translation, Instant.now());
        out.print(StatusLines.render(statuses));
        out.flush();
        return StatusLines.anyError(statuses) ? 1 : 0;
    }
}
