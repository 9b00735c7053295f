package dev.switchboard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sessions reset KEY}: {@code POST /v1/sessions/{key}/reset}, a new empty instance. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Start a new, empty instance of a session; the old one stays readable (--instance).")
final class SessionsReset implements Runnable {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "KEY") String key;

    @Option(names = "--reason", description = "Becomes the previous instance's end_reason (default manual)") String reason;

    @Override
    public void run() {
        SessionsCommand.postWithReason(client, key, "reset", reason);
    }
}
