package dev.spillway.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spillway create}: the resource-creating commands of glooctl ({@code create secret tls}). */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Creates resources, as glooctl create does, and the certificates of an mTLS xDS port.",
        subcommands = {CreateCommand.Secret.class, CreateXdsCertsCommand.class, CommandLine.HelpCommand.class})
public final class CreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (secret, xds-certs)");
    }

    /** {@code spillway create secret}. */
    @Command(
            name = "secret",
            mixinStandardHelpOptions = true,
            description = "Creates Secrets, as glooctl create secret does.",
            subcommands = {CreateSecretTlsCommand.class, CommandLine.HelpCommand.class})
    public static final class Secret implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (tls)");
        }
    }
}
