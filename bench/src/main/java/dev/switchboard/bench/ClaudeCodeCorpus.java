package dev.switchboard.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Synthetic Claude Code transcripts for the import benchmark, shaped like the real ones (FORMATS.md §1): a
 * project directory of {@code <sessionId>.jsonl} files whose lines carry the full envelope (cwd, version, git
 * branch, uuids), a user prompt per turn and the answer written as two lines (thinking, text) repeating one
 * message id and usage, as Claude Code splits an API response. About 750 bytes a line; written with string
 * templates, not a JSON library, so generating a gigabyte takes seconds.
 */
final class ClaudeCodeCorpus {
    private static final String PROMPT = "Please look at the failing test in src/test/java and explain why the assertion on "
            + "the session's usage totals fails after a resumed import, then propose the smallest fix you can find. ";
    private static final String ANSWER = "The totals are summed twice because the second line of a split response "
            + "repeats the usage of the first; counting only the first line of each message id and request id fixes it. ";

    private ClaudeCodeCorpus() {}

    /** Writes {@code sessions} files of {@code turns} turns (3 messages each) under {@code projects}; returns the message count. */
    static long write(Path projects, int sessions, int turns) throws IOException {
        Path dir = projects.resolve("-home-bench-project");
        Files.createDirectories(dir);
        for (int s = 0; s < sessions; s++) {
            writeSession(dir.resolve(new UUID(0x5B0000L + s, s).toString() + ".jsonl"), s, turns);
        }
        return 3L * sessions * turns;
    }

    /** One session file of at least {@code bytes} bytes; returns its message count. */
    static long writeOfSize(Path file, long bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path probe = file.resolveSibling("probe.jsonl");
        writeSession(probe, 0, 100);
        long perTurn = Files.size(probe) / 100;
        Files.delete(probe);
        return 3L * writeSession(file, 0, (int) (bytes / perTurn + 1));
    }

    private static int writeSession(Path file, int s, int turns) throws IOException {
        String sessionId = file.getFileName().toString().replace(".jsonl", "");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String parent = null;
            long t = 1_735_812_000_000L + s * 86_400_000L;
            for (int i = 0; i < turns; i++) {
                String u = new UUID(s, 3L * i).toString();
                String a1 = new UUID(s, 3L * i + 1).toString();
                String a2 = new UUID(s, 3L * i + 2).toString();
                line(w, "user", u, parent, sessionId, t, "\"message\":{\"role\":\"user\",\"content\":\"" + PROMPT + i + "\"}");
                String usage = "\"usage\":{\"input_tokens\":" + (20 + i % 50) + ",\"cache_creation_input_tokens\":0,"
                        + "\"cache_read_input_tokens\":" + (1000 + i) + ",\"output_tokens\":" + (40 + i % 30) + ",\"service_tier\":\"standard\"}";
                String head = "\"requestId\":\"req_" + s + "_" + i + "\",\"message\":{\"id\":\"msg_" + s + "_" + i
                        + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-20250514\",\"content\":[";
                line(w, "assistant", a1, u, sessionId, t + 1000, head + "{\"type\":\"thinking\",\"thinking\":\"Usage is summed per line; "
                        + "check the split lines.\",\"signature\":\"EqQBCkYIBxgCKkA\"}],\"stop_reason\":null,\"stop_sequence\":null," + usage + "}");
                line(w, "assistant", a2, a1, sessionId, t + 2000, head + "{\"type\":\"text\",\"text\":\"" + ANSWER + i
                        + "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null," + usage + "}");
                parent = a2;
                t += 5000;
            }
        }
        return turns;
    }

    private static void line(BufferedWriter w, String type, String uuid, String parent, String sessionId, long millis,
                             String body) throws IOException {
        w.write("{\"parentUuid\":" + (parent == null ? "null" : "\"" + parent + "\"") + ",\"isSidechain\":false,"
                + "\"userType\":\"external\",\"cwd\":\"/home/bench/project\",\"sessionId\":\"" + sessionId
                + "\",\"version\":\"1.0.80\",\"gitBranch\":\"main\",\"type\":\"" + type + "\"," + body + ",\"uuid\":\"" + uuid
                + "\",\"timestamp\":\"" + java.time.Instant.ofEpochMilli(millis) + "\"}\n");
    }
}
