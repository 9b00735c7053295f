package dev.switchboard.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Builds hermes {@code state.db} files. {@link #current} has the schema of FORMATS.md §3.1 (hermes' SCHEMA_SQL at
 * schema version 30: every column the reference lists, in WAL mode as hermes runs it); {@link #older} has the
 * columns of an early hermes (before routing keys, soft deletes, cache tokens and cost were added), version 6.
 */
final class HermesFixture implements AutoCloseable {
    private static final String CURRENT = """
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            CREATE TABLE system_prompts (hash TEXT PRIMARY KEY, prompt TEXT NOT NULL);
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY, source TEXT NOT NULL, created_source TEXT, user_id TEXT, session_key TEXT,
                chat_id TEXT, chat_type TEXT, thread_id TEXT, display_name TEXT, origin_json TEXT,
                expiry_finalized INTEGER DEFAULT 0, model TEXT, model_config TEXT, system_prompt TEXT,
                system_prompt_hash TEXT, parent_session_id TEXT, started_at REAL NOT NULL, ended_at REAL,
                end_reason TEXT, message_count INTEGER DEFAULT 0, tool_call_count INTEGER DEFAULT 0,
                input_tokens INTEGER DEFAULT 0, output_tokens INTEGER DEFAULT 0, cache_read_tokens INTEGER DEFAULT 0,
                cache_write_tokens INTEGER DEFAULT 0, reasoning_tokens INTEGER DEFAULT 0, cwd TEXT, git_branch TEXT,
                git_repo_root TEXT, billing_provider TEXT, billing_base_url TEXT, billing_mode TEXT,
                estimated_cost_usd REAL, actual_cost_usd REAL, cost_status TEXT, cost_source TEXT, pricing_version TEXT,
                title TEXT, title_source TEXT, last_activity_at REAL, api_call_count INTEGER DEFAULT 0,
                archived INTEGER NOT NULL DEFAULT 0, pinned INTEGER NOT NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0,
                profile_name TEXT, tool_names TEXT,
                FOREIGN KEY (parent_session_id) REFERENCES sessions(id));
            CREATE TABLE messages (
                id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL REFERENCES sessions(id),
                role TEXT NOT NULL, content TEXT, tool_call_id TEXT, tool_calls TEXT, tool_name TEXT,
                timestamp REAL NOT NULL, token_count INTEGER, finish_reason TEXT, reasoning TEXT,
                reasoning_content TEXT, reasoning_details TEXT, codex_reasoning_items TEXT, codex_message_items TEXT,
                platform_message_id TEXT, observed INTEGER DEFAULT 0, _compressed_summary INTEGER NOT NULL DEFAULT 0,
                active INTEGER NOT NULL DEFAULT 1, compacted INTEGER NOT NULL DEFAULT 0, api_content TEXT,
                display_kind TEXT, display_metadata TEXT, display_identity BLOB, display_order INTEGER);
            CREATE TABLE session_model_usage (
                session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, model TEXT NOT NULL,
                billing_provider TEXT NOT NULL DEFAULT '', billing_base_url TEXT NOT NULL DEFAULT '',
                billing_mode TEXT NOT NULL DEFAULT '', task TEXT NOT NULL DEFAULT '',
                api_call_count INTEGER NOT NULL DEFAULT 0, input_tokens INTEGER NOT NULL DEFAULT 0,
                output_tokens INTEGER NOT NULL DEFAULT 0, cache_read_tokens INTEGER NOT NULL DEFAULT 0,
                cache_write_tokens INTEGER NOT NULL DEFAULT 0, reasoning_tokens INTEGER NOT NULL DEFAULT 0,
                estimated_cost_usd REAL NOT NULL DEFAULT 0, actual_cost_usd REAL NOT NULL DEFAULT 0,
                cost_status TEXT, cost_source TEXT, first_seen REAL, last_seen REAL,
                PRIMARY KEY (session_id, model, billing_provider, billing_base_url, billing_mode, task));
            CREATE TABLE state_meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE gateway_routing (scope TEXT NOT NULL DEFAULT '', session_key TEXT NOT NULL,
                entry_json TEXT NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (scope, session_key));
            CREATE INDEX idx_messages_session ON messages(session_id, timestamp);
            INSERT INTO schema_version (version) VALUES (30);
            """;
    private static final String OLDER = """
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY, source TEXT NOT NULL, user_id TEXT, model TEXT, model_config TEXT,
                system_prompt TEXT, parent_session_id TEXT, started_at REAL NOT NULL, ended_at REAL, end_reason TEXT,
                message_count INTEGER DEFAULT 0, tool_call_count INTEGER DEFAULT 0, input_tokens INTEGER DEFAULT 0,
                output_tokens INTEGER DEFAULT 0, title TEXT);
            CREATE TABLE messages (
                id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL REFERENCES sessions(id),
                role TEXT NOT NULL, content TEXT, tool_call_id TEXT, tool_calls TEXT, tool_name TEXT,
                timestamp REAL NOT NULL, token_count INTEGER, finish_reason TEXT);
            INSERT INTO schema_version (version) VALUES (6);
            """;

    final Path file;
    final Connection c;

    private HermesFixture(Path file, String ddl) throws SQLException {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            for (String sql : ddl.split(";\\s*\\n")) {
                if (!sql.isBlank()) st.execute(sql);
            }
        }
    }

    static HermesFixture current(Path file) throws SQLException {
        return new HermesFixture(file, CURRENT);
    }

    static HermesFixture older(Path file) throws SQLException {
        return new HermesFixture(file, OLDER);
    }

    /** Inserts a row: {@code insert("sessions", "id", "s1", "source", "cli", ...)}. */
    HermesFixture insert(String table, Object... columnsAndValues) throws SQLException {
        var cols = new StringBuilder();
        var marks = new StringBuilder();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            if (i > 0) {
                cols.append(", ");
                marks.append(", ");
            }
            cols.append(columnsAndValues[i]);
            marks.append('?');
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")")) {
            for (int i = 1; i < columnsAndValues.length; i += 2) ps.setObject(i / 2 + 1, columnsAndValues[i]);
            ps.executeUpdate();
        }
        return this;
    }

    HermesFixture message(String session, String role, String content, double timestamp) throws SQLException {
        return insert("messages", "session_id", session, "role", role, "content", content, "timestamp", timestamp);
    }

    void sql(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
