package dev.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "switchboard",
        mixinStandardHelpOptions = true,
        version = "switchboard 0.1.0",
        description = "Session gateway for AI agents: the server and a CLI for it.",
        subcommands = {ServeCommand.class, TokensCommand.class, SessionsCommand.class, MessagesCommand.class,
                RunCommand.class, RunsCommand.class, McpCommand.class, SearchCommand.class, ExportCommand.class, DirectivesCommand.class,
                AgentsCommand.class, UsageCommand.class, ImportCommand.class, MaintenanceCommand.class,
                CommandLine.HelpCommand.class})
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
            if (e instanceof CliException ce) return report(cmd, jsonRequested(cmd.getParseResult()), ce);
            throw e;
        });
        // A mistyped option under --json is still answered in JSON (exit 2), with picocli's own message.
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            if (!java.util.List.of(args).contains("--json")) {
                cmd.getErr().println("error: " + e.getMessage());
                cmd.usage(cmd.getErr());
                return ExitCodes.USAGE;
            }
            return report(cmd, true, new CliException(e.getMessage(), ExitCodes.USAGE));
        });
        return cl;
    }

    private static int report(CommandLine cmd, boolean json, CliException e) {
        if (json) {
            System.out.println(dev.switchboard.json.Json.write(e.problem()));
            System.out.flush();
        } else {
            cmd.getErr().println("error: " + e.getMessage());
        }
        return e.exitCode();
    }

    private static boolean jsonRequested(CommandLine.ParseResult parsed) {
        for (var p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--json")) return true;
        }
        return false;
    }

    /** {@code serve} returns from picocli while its server keeps running on non-daemon threads. */
    public static boolean keepsRunning(String[] args) {
        return args.length > 0 && args[0].equals("serve");
    }
}
