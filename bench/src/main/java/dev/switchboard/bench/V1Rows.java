package dev.switchboard.bench;

import dev.switchboard.store.Ulid;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes rows straight into the tables of migration V1 ({@code db/sqlite/V1__core.sql}) with sqlite-jdbc,
 * for seeding large data sets and for the raw-SQLite limit. Only V1's columns are named, so later
 * migrations that add columns (with defaults) or tables don't break it; {@code instances.message_count}
 * and {@code last_seq} are kept consistent with the messages written, as the server's own appends keep them.
 * Content is stored as JSON text, exactly as the server stores a string {@code content}.
 */
final class V1Rows implements AutoCloseable {
    static final String CONTENT_JSON = "\"" + Payloads.CONTENT + "\"";

    private final PreparedStatement session;
    private final PreparedStatement instance;
    private final PreparedStatement message;
    private final PreparedStatement event;
    private final PreparedStatement touchInstance;
    private final PreparedStatement touchSession;

    V1Rows(Connection c) throws SQLException {
        session = c.prepareStatement("""
                INSERT INTO sessions (key, instance_id, agent, channel, user_id, source, title, model, parent_key,
                    status, metadata, plugins, created_at, updated_at, last_seen_at, ended_at, end_reason, version)
                VALUES (?, ?, 'main', 'bench', ?, NULL, ?, NULL, NULL, 'active', '{}', '{}', ?, ?, ?, NULL, NULL, 1)""");
        instance = c.prepareStatement(
                "INSERT INTO instances (id, key, created_at, last_seq, message_count) VALUES (?, ?, ?, ?, ?)");
        message = c.prepareStatement(
                "INSERT INTO messages (instance_id, seq, id, role, content, created_at) VALUES (?, ?, ?, ?, ?, ?)");
        event = c.prepareStatement("INSERT INTO events (type, key, channel, agent, at, data) VALUES (?, ?, 'bench', 'main', ?, ?)");
        touchInstance = c.prepareStatement(
                "UPDATE instances SET message_count = message_count + 1, last_seq = ? WHERE id = ?");
        touchSession = c.prepareStatement(
                "UPDATE sessions SET updated_at = ?, last_seen_at = ?, version = version + 1 WHERE key = ?");
    }

    /** Creates V1's schema in an empty database (for the raw limit, which has no server to migrate it). */
    static void createSchema(Connection c) throws Exception {
        String sql;
        try (var in = V1Rows.class.getResourceAsStream("/db/sqlite/V1__core.sql")) {
            if (in == null) throw new IllegalStateException("V1__core.sql is not in the server jar");
            sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        var withoutComments = new StringBuilder();
        for (String line : sql.split("\n")) if (!line.strip().startsWith("--")) withoutComments.append(line).append('\n');
        try (Statement st = c.createStatement()) {
            for (String stmt : withoutComments.toString().split(";")) if (!stmt.isBlank()) st.execute(stmt);
        }
        c.commit();
    }

    /** A session with its current instance holding {@code messages} messages (written with {@link #message}). */
    String session(String key, long atMillis, long messages) throws SQLException {
        String instanceId = Ulid.next(atMillis);
        instance.setString(1, instanceId);
        instance.setString(2, key);
        instance.setLong(3, atMillis);
        instance.setLong(4, messages);
        instance.setLong(5, messages);
        instance.executeUpdate();
        session.setString(1, key);
        session.setString(2, instanceId);
        session.setString(3, "user-" + key.hashCode());
        session.setString(4, "Bench session " + key);
        session.setLong(5, atMillis);
        session.setLong(6, atMillis);
        session.setLong(7, atMillis);
        session.executeUpdate();
        return instanceId;
    }

    void message(String instanceId, long seq, long atMillis) throws SQLException {
        message.setString(1, instanceId);
        message.setLong(2, seq);
        message.setString(3, Ulid.next(atMillis));
        message.setString(4, seq % 2 == 1 ? "user" : "assistant");
        message.setString(5, CONTENT_JSON);
        message.setLong(6, atMillis);
        message.executeUpdate();
    }

    /**
     * Everything one single-message append writes besides the message: the instance counters, the session's
     * version and times, and the {@code message.appended} event (its data about as large as the server's).
     */
    void appendBookkeeping(String key, String instanceId, long seq, long atMillis) throws SQLException {
        touchInstance.setLong(1, seq);
        touchInstance.setString(2, instanceId);
        touchInstance.executeUpdate();
        touchSession.setLong(1, atMillis);
        touchSession.setLong(2, atMillis);
        touchSession.setString(3, key);
        touchSession.executeUpdate();
        event.setString(1, "message.appended");
        event.setString(2, key);
        event.setLong(3, atMillis);
        event.setString(4, "{\"seq\":" + seq + ",\"id\":\"" + Ulid.next(atMillis) + "\",\"instance\":\"" + instanceId
                + "\",\"role\":\"user\",\"content\":" + CONTENT_JSON
                + ",\"name\":null,\"tool_call_id\":null,\"tool_calls\":null,\"usage\":null,\"metadata\":null,"
                + "\"created_at\":\"2026-01-01T00:00:00.000Z\"}");
        event.executeUpdate();
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : new PreparedStatement[] {session, instance, message, event, touchInstance, touchSession}) {
            ps.close();
        }
    }
}
