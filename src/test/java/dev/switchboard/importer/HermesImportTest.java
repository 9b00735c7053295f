package dev.switchboard.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The hermes reader into a real server, on state.db files with hermes' current schema and an older one. */
@EachStore
class HermesImportTest {
    @RegisterExtension
    static final ServerExtension server =
            ServerExtension.create();
    @TempDir Path home;

    @BeforeEachStore
    static void start() {
    }

    private ImportReport importAll(Path hermesHome) {
        return Imports.run(server, new HermesReader(), hermesHome);
    }

    /** A CLI session with a tool call, compressed into a continuation, plus a subagent and a telegram chat. */
    private HermesFixture current(Path hermesHome, String p) throws Exception {
        var f = HermesFixture.current(hermesHome.resolve("state.db"));
        f.insert("sessions", "id", p + "20250102_100000_ab12cd", "source", "cli", "model", "anthropic/claude-sonnet-4",
                "started_at", 1735812000.0, "ended_at", 1735812100.0, "end_reason", "compression", "cwd", "/home/dev",
                "input_tokens", 1000, "output_tokens", 60, "cache_read_tokens", 200, "estimated_cost_usd", 0.004, "title", "Disk usage");
        f.message(p + "20250102_100000_ab12cd", "user", "Disk usage?", 1735812001.0);
        f.insert("messages", "session_id", p + "20250102_100000_ab12cd", "role", "assistant", "content", "", "timestamp", 1735812002.0,
                "tool_calls", "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"terminal\",\"arguments\":\"{\\\"command\\\":\\\"df -h\\\"}\"}}]",
                "finish_reason", "tool_calls", "reasoning", "Check df");
        f.insert("messages", "session_id", p + "20250102_100000_ab12cd", "role", "tool", "content", "/dev/sda1 50G 20G 30G 40% /",
                "tool_call_id", "call_1", "tool_name", "terminal", "timestamp", 1735812003.0);
        f.insert("messages", "session_id", p + "20250102_100000_ab12cd", "role", "assistant", "content", "undone answer",
                "timestamp", 1735812004.0, "active", 0);
        f.insert("sessions", "id", p + "20250102_100200_cd34ef", "source", "cli", "parent_session_id", p + "20250102_100000_ab12cd",
                "model", "anthropic/claude-sonnet-4", "started_at", 1735812120.0, "input_tokens", 500, "output_tokens", 30,
                "estimated_cost_usd", 0.002);
        f.insert("messages", "session_id", p + "20250102_100200_cd34ef", "role", "user", "content", "[summary of earlier turns]",
                "timestamp", 1735812121.0, "_compressed_summary", 1);
        f.message(p + "20250102_100200_cd34ef", "assistant", "Root is 40% full.", 1735812122.0);
        f.insert("sessions", "id", p + "20250102_100300_sub001", "source", "tool", "parent_session_id", p + "20250102_100200_cd34ef",
                "model_config", "{\"_delegate_from\":\"" + p + "20250102_100200_cd34ef\"}", "started_at", 1735812180.0);
        f.message(p + "20250102_100300_sub001", "user", "subtask: list big files", 1735812181.0);
        f.insert("sessions", "id", p + "20250103_090000_tg0001", "source", "telegram", "session_key", p + "agent:main:telegram:dm:123456",
                "chat_id", "123456", "chat_type", "dm", "user_id", "123456", "started_at", 1735894800.0, "title", "Telegram chat");
        f.message(p + "20250103_090000_tg0001", "user", "hello from telegram", 1735894801.0);
        return f;
    }

    @Test
    void imports_conversations_with_compression_subagents_routing_keys_and_usage() throws Exception {
        Path h = home.resolve("a/.hermes");
        try (var f = current(h, "a")) {
            importAll(h);
        }
        String cli = "hermes:default:a20250102_100000_ab12cd";
        JsonNode s = Imports.session(server, cli);
        assertThat(s.path("title").asText()).isEqualTo("Disk usage");
        assertThat(s.path("channel").asText()).isEqualTo("hermes");
        assertThat(s.path("created_at").asText()).isEqualTo("2025-01-02T10:00:00.000Z");
        assertThat(s.path("usage").path("input_tokens").asLong()).isEqualTo(1500);
        assertThat(s.path("usage").path("cost_usd").asDouble()).isEqualTo(0.006);
        assertThat(s.path("metadata").path("source").path("schema_version").asInt()).isEqualTo(30);
        List<JsonNode> ms = Imports.messages(server, cli);
        assertThat(ms).extracting(m -> m.path("role").asText()).containsExactly("user", "assistant", "tool", "user", "assistant");
        assertThat(ms.get(1).path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("terminal");
        assertThat(ms.get(1).path("content").get(0).path("type").asText()).isEqualTo("thinking");
        assertThat(ms.get(2).path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(ms.get(3).path("metadata").path("compaction").path("kind").asText()).isEqualTo("hermes.compression");
        assertThat(ms).noneMatch(m -> m.path("content").asText().equals("undone answer"));

        JsonNode sub = Imports.session(server, "hermes:default:a20250102_100300_sub001");
        assertThat(sub.path("parent_key").asText()).isEqualTo(cli);
        JsonNode tg = Imports.session(server, "hermes:default:aagent:main:telegram:dm:123456");
        assertThat(tg.path("channel").asText()).isEqualTo("telegram");
        assertThat(tg.path("metadata").path("source").path("chat_id").asText()).isEqualTo("123456");
    }

    @Test
    void reimport_adds_nothing_and_new_rows_arrive_with_only_the_usage_growth() throws Exception {
        Path h = home.resolve("b/.hermes");
        String cli = "hermes:default:b20250102_100000_ab12cd";
        try (var f = current(h, "b")) {
            importAll(h);
            assertThat(importAll(h).imported()).isZero();
            f.message("b20250102_100200_cd34ef", "user", "and /home?", 1735812200.0);
            f.message("b20250102_100200_cd34ef", "assistant", "/home is 10% full.", 1735812201.0);
            f.sql("UPDATE sessions SET input_tokens = 700, output_tokens = 45 WHERE id = 'b20250102_100200_cd34ef'");
            assertThat(importAll(h).imported()).isEqualTo(2);
        }
        assertThat(Imports.session(server, cli).path("usage").path("input_tokens").asLong()).isEqualTo(1700);
        assertThat(Imports.session(server, cli).path("usage").path("output_tokens").asLong()).isEqualTo(105);
    }

    @Test
    void an_older_schema_is_read_with_the_columns_it_has() throws Exception {
        Path h = home.resolve("c/.hermes");
        try (var f = HermesFixture.older(h.resolve("profiles/work/state.db"))) {
            f.insert("sessions", "id", "old1", "source", "discord", "started_at", 1700000000.0, "input_tokens", 10, "output_tokens", 5);
            f.message("old1", "user", "ping", 1700000001.0);
            f.message("old1", "assistant", "pong", 1700000002.0);
        }
        ImportReport report = importAll(h);
        assertThat(report.errors()).isEmpty();
        JsonNode s = Imports.session(server, "hermes:work:old1");
        assertThat(s.path("channel").asText()).isEqualTo("discord");
        assertThat(s.path("metadata").path("source").path("schema_version").asInt()).isEqualTo(6);
        assertThat(s.path("usage").path("output_tokens").asLong()).isEqualTo(5);
        assertThat(Imports.sourceIds(server, "hermes:work:old1")).hasSize(2);
    }

    @Test
    void the_source_is_never_modified_and_unreadable_databases_are_reported() throws Exception {
        Path h = home.resolve("d/.hermes");
        try (var f = current(h, "d")) {
            f.sql("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        String before = digest(h.resolve("state.db"));
        importAll(h);
        assertThat(digest(h.resolve("state.db"))).isEqualTo(before);

        Path bad = home.resolve("e/.hermes");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("state.db"), "this is not a database, it only has the name");
        assertThat(importAll(bad).errors()).singleElement().satisfies(p -> assertThat(p.why()).contains("corrupt or not a SQLite database"));

        Path other = home.resolve("f/.hermes");
        try (var f = HermesFixture.older(other.resolve("state.db"))) {
            f.sql("DROP TABLE schema_version");
        }
        assertThat(importAll(other).errors()).singleElement().satisfies(p -> assertThat(p.why()).contains("no schema_version table"));
    }

    @Test
    void a_locked_database_is_reported_and_the_other_profiles_still_import() throws Exception {
        Path h = home.resolve("l/.hermes");
        try (var locked = HermesFixture.older(h.resolve("state.db"));
             var other = HermesFixture.older(h.resolve("profiles/ok/state.db"))) {
            other.insert("sessions", "id", "free1", "source", "cli", "started_at", 1700000000.0);
            other.message("free1", "user", "still imported", 1700000001.0);
            locked.sql("PRAGMA journal_mode=DELETE");
            locked.insert("sessions", "id", "busy1", "source", "cli", "started_at", 1700000000.0);
            locked.sql("BEGIN EXCLUSIVE"); // hermes in the middle of a write, in rollback-journal mode
            ImportReport report = importAll(h);
            assertThat(report.errors()).singleElement().satisfies(p -> {
                assertThat(p.file()).endsWith(".hermes/state.db");
                assertThat(p.why()).contains("locked by another process");
            });
            locked.sql("ROLLBACK");
        }
        assertThat(Imports.sourceIds(server, "hermes:ok:free1")).hasSize(1);
    }

    @Test
    void legacy_jsonl_transcripts_are_imported_unless_state_db_has_them() throws Exception {
        Path h = home.resolve("g/.hermes");
        try (var f = current(h, "g")) {
            Files.createDirectories(h.resolve("sessions"));
            Files.writeString(h.resolve("sessions/g20250102_100000_ab12cd.jsonl"), "{\"role\":\"user\",\"content\":\"dup\"}\n");
            Files.writeString(h.resolve("sessions/20240101_080000_legacy.jsonl"), """
                    {"role":"session_meta","tools":[],"model":"anthropic/claude-sonnet-4","platform":"cli","timestamp":"2024-01-01T08:00:00.000000"}
                    {"role":"user","content":"Disk usage?","timestamp":"2024-01-01T08:00:01.000000"}
                    {"role":"assistant","content":"Root is 40% full.","finish_reason":"stop","timestamp":"2024-01-01T08:00:05.000000"}
                    """);
            ImportReport report = importAll(h);
            assertThat(report.toJson().path("skipped_line_types").path("jsonl-session-in-state.db").asLong()).isEqualTo(1);
        }
        JsonNode s = Imports.session(server, "hermes:default:20240101_080000_legacy");
        assertThat(s.path("model").asText()).isEqualTo("anthropic/claude-sonnet-4");
        assertThat(Imports.messages(server, "hermes:default:20240101_080000_legacy")).extracting(m -> m.path("role").asText())
                .containsExactly("user", "assistant");
        assertThat(Imports.messages(server, "hermes:default:g20250102_100000_ab12cd"))
                .noneMatch(m -> m.path("content").asText().equals("dup"));
    }

    private static String digest(Path p) throws IOException, java.security.NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
