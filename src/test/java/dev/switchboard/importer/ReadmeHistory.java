package dev.switchboard.importer;

import static dev.switchboard.importer.ClaudeCodeFixture.text;

import java.nio.file.Path;
import java.util.Map;

/**
 * A small, real-looking history of each tool under a home directory (their default locations), so that the
 * README's "Import your history" commands run as a new user would run them (ReadmeIT).
 */
public final class ReadmeHistory {
    private ReadmeHistory() {}

    public static void writeTo(Path home) throws Exception {
        var claude = new ClaudeCodeFixture(home.resolve(".claude/projects"), "8f2c1d9e-0b7a-4c55-9e3f-2a6b1c0d4e71");
        claude.user("u1", null, "Why does the build fail?");
        claude.assistant("a1", "u1", "msg_1", "req_1", text("A test expects UTC; the machine is on CET."),
                Map.of("input_tokens", 40, "output_tokens", 12));
        var codex = new CodexFixture(home.resolve(".codex"), "0199a213-81c0-7800-8aa1-00000000c0de");
        codex.meta(null).turnContext("gpt-5-codex").message("user", "input_text", "Rename the module")
                .message("assistant", "output_text", "Renamed it in 3 files.");
        var openclaw = new OpenClawFixture(home.resolve(".openclaw/agents"), "main", "5b0c7a1e-readme");
        openclaw.header(null).user("e1", null, "Remind me at 5");
        OpenClawFixture.index(openclaw.sessionsDir, "agent:main:telegram:dm:42", openclaw.sessionId, "telegram");
        try (var hermes = HermesFixture.current(home.resolve(".hermes/state.db"))) {
            hermes.insert("sessions", "id", "20250102_100000_ab12cd", "source", "cli", "model", "anthropic/claude-sonnet-4",
                    "started_at", 1735812000.0, "title", "Disk usage");
            hermes.message("20250102_100000_ab12cd", "user", "Disk usage?", 1735812001.0);
            hermes.message("20250102_100000_ab12cd", "assistant", "38 GB free on /.", 1735812002.0);
        }
    }
}
