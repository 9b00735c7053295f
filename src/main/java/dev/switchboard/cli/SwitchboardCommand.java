package dev.switchboard.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "switchboard",
        mixinStandardHelpOptions = true,
        version = "switchboard 0.1.0",
        description = "Session gateway for AI agents: the server and a CLI for it.")
public final class SwitchboardCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * The whole command tree. The subcommands are added here, not in {@code @Command(subcommands)}: picocli reads
     * every command's annotations reflectively when it builds the tree (≈ 0.1 s for all of them), and {@code serve}
     * needs only its own (see {@link #commandLine(String[])}). Instances, not a list of {@code X::new}: with
     * {@code CommandLine.HelpCommand::new} among them JDK 25.0.3 crashed assembling the AOT cache of a start (picocli
     * ships Java 5 class files, which the cache can't hold, and the archived method reference pointed at one).
     */
    public static CommandLine commandLine() {
        var cl = new CommandLine(new SwitchboardCommand());
        for (Object sub : List.of(new ServeCommand(), new TokensCommand(), new SessionsCommand(), new MessagesCommand(),
                new RunCommand(), new RunsCommand(), new McpCommand(), new SearchCommand(), new ExportCommand(),
                new DirectivesCommand(), new AgentsCommand(), new UsageCommand(), new ImportCommand(),
                new MaintenanceCommand(), new StartupTraining(), new CommandLine.HelpCommand())) {
            cl.addSubcommand(sub);
        }
        return configure(cl);
    }

    /**
     * The tree {@code args} needs: for {@code serve} (the server's start-up, which is timed) and the hidden
     * {@code train-startup} only that command, otherwise all of them.
     */
    public static CommandLine commandLine(String[] args) {
        if (args.length == 0) return commandLine();
        Object only = switch (args[0]) {
            case "serve" -> new ServeCommand();
            case StartupTraining.NAME -> new StartupTraining();
            default -> null;
        };
        if (only == null) return commandLine();
        return configure(new CommandLine(new SwitchboardCommand()).addSubcommand(only));
    }

    private static CommandLine configure(CommandLine cl) {
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
