package dev.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "switchboard",
        mixinStandardHelpOptions = true,
        version = "switchboard 0.1.0",
        description = "Session gateway for AI agents: the server and a CLI for it.",
        subcommands = {ServeCommand.class, TokensCommand.class, SessionsCommand.class, MessagesCommand.class,
                RunCommand.class, ImportCommand.class, CommandLine.HelpCommand.class})
public final class SwitchboardCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        var cl = new CommandLine(new SwitchboardCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException ce) {
                cmd.getErr().println("error: " + ce.getMessage());
                return ce.exitCode();
            }
            throw e;
        });
        return cl;
    }

    /** {@code serve} returns from picocli while its server keeps running on non-daemon threads. */
    public static boolean keepsRunning(String[] args) {
        return args.length > 0 && args[0].equals("serve");
    }
}
