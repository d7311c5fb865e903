package dev.spillway.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spillway cluster}: the federation-cluster commands of glooctl ({@code cluster register}). */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "Manages federation clusters, as glooctl cluster does.",
        subcommands = {ClusterRegisterCommand.class, CommandLine.HelpCommand.class})
public final class ClusterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (register)");
    }
}
