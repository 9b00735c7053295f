package dev.switchboard.store.hermes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * A hermes {@code state.db}, opened read-only: {@code mode=ro} (the database may be live, in WAL mode, with
 * hermes writing), or {@code immutable=1} when a read-only open is impossible (a copy on a read-only
 * filesystem without its {@code -shm}); never written, never locked for writing. SQL against another program's
 * file, not Switchboard's own store — it lives under {@code store/} because every SQL statement does (the importer's
 * hermes reader calls it).
 *
 * <p>Schema: hermes adds columns over its versions ({@code _reconcile_columns}); this reads {@code schema_version}
 * and the columns that exist ({@code PRAGMA table_info}), needs only the core ones, and treats every other column
 * as optional. Version {@value #CURRENT_VERSION} is the one FORMATS.md §3.1 describes; older ones are read with
 * what they have; a file without hermes' tables is refused with the reason.
 */
public final class HermesStateDb implements AutoCloseable {
    public static final int CURRENT_VERSION = 30;
    private static final List<String> CORE_SESSION = List.of("id", "source", "started_at");
    private static final List<String> CORE_MESSAGE = List.of("id", "session_id", "role", "content", "timestamp");

    public final int version;
    final Set<String> sessionColumns;
    final Set<String> messageColumns;
    public final boolean immutable;
    private final Connection connection;

    private HermesStateDb(Connection connection, boolean immutable) throws SQLException, IOException {
        this.connection = connection;
        this.immutable = immutable;
        this.sessionColumns = columns("sessions");
        this.messageColumns = columns("messages");
        if (sessionColumns.isEmpty() || messageColumns.isEmpty()) {
            throw new IOException("not a hermes state.db: it has no sessions/messages tables");
        }
        var missing = new ArrayList<String>();
        CORE_SESSION.stream().filter(c -> !sessionColumns.contains(c)).forEach(c -> missing.add("sessions." + c));
        CORE_MESSAGE.stream().filter(c -> !messageColumns.contains(c)).forEach(c -> missing.add("messages." + c));
        if (!missing.isEmpty()) throw new IOException("unsupported hermes schema: missing columns " + missing);
        this.version = schemaVersion();
    }

    public static HermesStateDb open(Path file) throws IOException {
        if (!Files.isReadable(file)) throw new IOException("cannot read " + file);
        try {
            return new HermesStateDb(connect(file, "mode=ro"), false);
        } catch (SQLException e) {
            if (!(e instanceof SQLiteException se) || se.getResultCode() != SQLiteErrorCode.SQLITE_CANTOPEN) throw explain(e);
        }
        try {
            return new HermesStateDb(connect(file, "immutable=1"), true);
        } catch (SQLException e) {
            throw explain(e);
        }
    }

    private static Connection connect(Path file, String mode) throws SQLException {
        var cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setOpenMode(SQLiteOpenMode.OPEN_URI);
        // hermes holds its write lock for milliseconds; a reader waits a little rather than failing at once
        cfg.setBusyTimeout(5_000);
        return cfg.createConnection("jdbc:sqlite:file:" + file.toAbsolutePath().toUri().getRawPath() + "?" + mode);
    }

    /** A clear reason for an unreadable database (the report names the file). */
    public static IOException explain(SQLException e) {
        String why = e instanceof SQLiteException se ? switch (se.getResultCode()) {
            case SQLITE_BUSY, SQLITE_LOCKED -> "state.db is locked by another process (waited 5 s); try again";
            case SQLITE_CORRUPT, SQLITE_NOTADB -> "state.db is corrupt or not a SQLite database";
            case SQLITE_CANTOPEN -> "state.db cannot be opened read-only";
            default -> "state.db cannot be read";
        } : "state.db cannot be read";
        return new IOException(why + " (" + e.getMessage() + ")", e);
    }

    private Set<String> columns(String table) throws SQLException {
        var out = new LinkedHashSet<String>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return Collections.unmodifiableSet(out);
    }

    private int schemaVersion() throws SQLException, IOException {
        if (columns("schema_version").isEmpty()) throw new IOException("not a hermes state.db: no schema_version table");
        try (PreparedStatement ps = connection.prepareStatement("SELECT version FROM schema_version LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** The session columns the mapping reads; the others (inline system prompts above all) stay on disk. */
    private static final List<String> SESSION_READ = List.of("id", "source", "session_key", "parent_session_id",
            "model_config", "end_reason", "started_at", "title", "display_name", "model", "user_id", "chat_id",
            "chat_type", "thread_id", "cwd", "git_branch", "git_repo_root", "billing_provider", "input_tokens",
            "output_tokens", "cache_read_tokens", "cache_write_tokens", "reasoning_tokens", "estimated_cost_usd",
            "actual_cost_usd");
    /** Message columns too big or too internal to carry (model-facing copies, display bookkeeping). */
    private static final Set<String> MESSAGE_SKIP = Set.of("api_content", "display_identity", "reasoning_details",
            "codex_reasoning_items", "codex_message_items");

    private static String select(Collection<String> columns) {
        return columns.stream().map(c -> "\"" + c.replace("\"", "\"\"") + "\"").collect(Collectors.joining(", "));
    }

    /** Every session row (a few hundred bytes each: only the columns read), oldest first. */
    public List<ObjectNode> sessions() throws SQLException {
        var out = new ArrayList<ObjectNode>();
        String cols = select(SESSION_READ.stream().filter(sessionColumns::contains).toList());
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + cols + " FROM sessions ORDER BY started_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(row(rs));
        }
        return out;
    }

    /** One message row at a time, never the whole table. */
    @FunctionalInterface
    public interface Rows {
        void row(ObjectNode row);
    }

    /** The messages of {@code sessionIds} with rowid above {@code afterId}, in hermes' own order (timestamp, id). */
    public void messages(List<String> sessionIds, long afterId, Rows rows) throws SQLException {
        String in = String.join(",", Collections.nCopies(sessionIds.size(), "?"));
        String cols = select(messageColumns.stream().filter(c -> !MESSAGE_SKIP.contains(c)).toList());
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT " + cols + " FROM messages WHERE session_id IN (" + in + ") AND id > ? ORDER BY timestamp, id")) {
            int i = 1;
            for (String id : sessionIds) ps.setString(i++, id);
            ps.setLong(i, afterId);
            ps.setFetchSize(256);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.row(row(rs));
            }
        }
    }

    /** Whether message {@code id} still exists and is live (not undone); hermes rewinds mark rows inactive. */
    public boolean live(long id) throws SQLException {
        String active = messageColumns.contains("active") ? " AND (active = 1" + (messageColumns.contains("compacted")
                ? " OR compacted = 1)" : ")") : "";
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM messages WHERE id = ?" + active)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public boolean hasSession(String id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM sessions WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static ObjectNode row(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        ObjectNode n = Json.object();
        for (int c = 1; c <= md.getColumnCount(); c++) {
            Object v = rs.getObject(c);
            String name = md.getColumnLabel(c);
            switch (v) {
                case null -> n.putNull(name);
                case Integer i -> n.put(name, i);
                case Long l -> n.put(name, l);
                case Double d -> n.put(name, d);
                case Float f -> n.put(name, f.doubleValue());
                case byte[] b -> n.put(name, md.getColumnType(c) == Types.BLOB ? "(" + b.length + " bytes)" : new String(b));
                default -> n.put(name, v.toString());
            }
        }
        return n;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a read-only connection has nothing to lose
        }
    }
}
