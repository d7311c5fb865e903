package dev.spillway.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spillway proxy}: the gateway-proxy commands of glooctl ({@code proxy url}). */
@Command(
        name = "proxy",
        mixinStandardHelpOptions = true,
        description = "Tells about gateway proxies, as glooctl proxy does.",
        subcommands = {ProxyUrlCommand.class, CommandLine.HelpCommand.class})
public final class ProxyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (url)");
    }
}
