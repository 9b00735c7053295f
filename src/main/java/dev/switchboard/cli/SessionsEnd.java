package dev.switchboard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sessions end KEY}: {@code POST /v1/sessions/{key}/end}; an explicitly ended session stays ended. */
@Command(name = "end", mixinStandardHelpOptions = true,
        description = "End a session on purpose: appends and runs then get 409 session-ended (unlike a stale one).")
final class SessionsEnd implements Runnable {
    @Mixin ClientOptions client;

    @Parameters(paramLabel = "KEY") String key;

    @Option(names = "--reason", description = "end_reason (default client)") String reason;

    @Override
    public void run() {
        SessionsCommand.postWithReason(client, key, "end", reason);
    }
}
