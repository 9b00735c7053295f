package dev.switchboard.store.jdbc;

import dev.switchboard.auth.Caller;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import dev.switchboard.session.Session;
import dev.switchboard.session.LastMessage;
import dev.switchboard.session.SessionPair;
import dev.switchboard.session.SessionQuery;
import dev.switchboard.session.SessionSource;
import dev.switchboard.session.SessionStore;
import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.MessageText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class JdbcSessionStore implements SessionStore {
    /**
     * The columns every session query selects, in this order; {@link #read} takes them by position. By name, sqlite-jdbc
     * fetched every column's name over JNI and compared them case-insensitively for each result set — for the one-row
     * lookup in front of nearly every request that was a third of the lookup's CPU.
     */
    private static final List<String> COLUMN_LIST = List.of(
            "s.key", "s.instance_id", "s.agent", "s.channel", "s.source", "s.title", "s.model", "s.parent_key", "s.status",
            "s.metadata", "s.plugins", "s.created_at", "s.updated_at", "s.last_seen_at", "s.ended_at", "s.end_reason",
            "s.version", "s.compaction_id", "s.pair_from", "s.pair_to", "s.active_run", "s.last_message", "s.protected",
            "i.last_prompt_tokens", "s.agent_sessions", "i.message_count", "i.input_tokens", "i.output_tokens",
            "i.cache_read_tokens", "i.cache_write_tokens", "i.reasoning_tokens", "i.cost_usd");
    private static final String COLUMNS = String.join(", ", COLUMN_LIST);
    private static final int SOURCE = col("s.source"),
            PAIR_FROM = col("s.pair_from"),
            KEY = col("s.key"),
            INSTANCE_ID = col("s.instance_id"),
            AGENT = col("s.agent"),
            CHANNEL = col("s.channel"),
            TITLE = col("s.title"),
            MODEL = col("s.model"),
            PARENT_KEY = col("s.parent_key"),
            PAIR_TO = col("s.pair_to"),
            STATUS = col("s.status"),
            METADATA = col("s.metadata"),
            PLUGINS = col("s.plugins"),
            MESSAGE_COUNT = col("i.message_count"),
            INPUT_TOKENS = col("i.input_tokens"),
            OUTPUT_TOKENS = col("i.output_tokens"),
            CACHE_READ_TOKENS = col("i.cache_read_tokens"),
            CACHE_WRITE_TOKENS = col("i.cache_write_tokens"),
            REASONING_TOKENS = col("i.reasoning_tokens"),
            COST_USD = col("i.cost_usd"),
            CREATED_AT = col("s.created_at"),
            UPDATED_AT = col("s.updated_at"),
            LAST_SEEN_AT = col("s.last_seen_at"),
            ENDED_AT = col("s.ended_at"),
            END_REASON = col("s.end_reason"),
            VERSION = col("s.version"),
            COMPACTION_ID = col("s.compaction_id"),
            ACTIVE_RUN = col("s.active_run"),
            LAST_MESSAGE = col("s.last_message"),
            PROTECTED = col("s.protected"),
            LAST_PROMPT_TOKENS = col("i.last_prompt_tokens"),
            AGENT_SESSIONS = col("s.agent_sessions");
    static final String SELECT = "SELECT " + COLUMNS + " FROM sessions s JOIN instances i ON i.id = s.instance_id";
    private static final String FIND = SELECT + " WHERE s.key = ?";

    private final Dialect dialect;
    private final String findForUpdate;

    JdbcSessionStore(Dialect dialect) {
        this.dialect = dialect;
        this.findForUpdate = FIND + dialect.forUpdate();
    }

    @Override
    public Optional<Session> find(Tx tx, String key) throws SQLException {
        return tx.one(FIND, JdbcSessionStore::read, key);
    }

    @Override
    public Map<String, Session> findAll(Tx tx, Collection<String> keys) throws SQLException {
        var found = new HashMap<String, Session>(keys.size() * 2);
        if (keys.isEmpty()) return found;
        // One statement, not one per key: sqlite-jdbc fetches every column's name over JNI for each query it runs.
        for (Session s : tx.list(SELECT + " WHERE s.key IN (" + Rows.placeholders(keys.size()) + ")",
                JdbcSessionStore::read, keys.toArray())) {
            found.put(s.key(), s);
        }
        return found;
    }

    @Override
    public Optional<Session> findForUpdate(Tx tx, String key) throws SQLException {
        // The session's row and its instance's stay locked until the write commits: a concurrent writer (another
        // node) reading them for its own read-modify-write waits instead of deciding on what is about to change.
        return tx.one(findForUpdate, JdbcSessionStore::read, key);
    }

    @Override
    public void insert(Tx tx, Session s) throws SQLException {
        insertInstance(tx, s.id(), s.key(), s.createdAt().toEpochMilli());
        tx.update("""
                INSERT INTO sessions (key, instance_id, agent, channel, user_id, source, title, model, parent_key, status,
                    metadata, plugins, created_at, updated_at, last_seen_at, ended_at, end_reason, version, pair_from,
                    pair_to, protected)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                s.key(), s.id(), s.agent(), s.channel(), s.source() == null ? null : s.source().userId(),
                s.source() == null ? null : Json.write(s.source()), s.title(), s.model(), s.parentKey(), s.status(),
                Json.write(s.metadata()), Json.write(s.plugins()), s.createdAt(), s.updatedAt(), s.lastSeenAt(),
                s.endedAt(), s.endReason(), s.version(), s.pair() == null ? null : s.pair().from(),
                s.pair() == null ? null : s.pair().to(), s.protectedKey() ? 1 : 0);
    }

    /** A new, empty instance of {@code key}: a session's first, or the one a reset starts. */
    static void insertInstance(Tx tx, String instanceId, String key, long createdAtMillis) throws SQLException {
        tx.update("INSERT INTO instances (id, key, created_at) VALUES (?, ?, ?)", instanceId, key, createdAtMillis);
    }

    @Override
    public void update(Tx tx, Session s) throws SQLException {
        int changed = tx.update("""
                UPDATE sessions SET instance_id = ?, title = ?, model = ?, status = ?, metadata = ?, plugins = ?,
                    updated_at = ?, last_seen_at = ?, ended_at = ?, end_reason = ?, version = ?, compaction_id = ?,
                    protected = ?
                WHERE key = ?""",
                s.id(), s.title(), s.model(), s.status(), Json.write(s.metadata()), Json.write(s.plugins()),
                s.updatedAt(), s.lastSeenAt(), s.endedAt(), s.endReason(), s.version(), s.compactionId(),
                s.protectedKey() ? 1 : 0, s.key());
        if (changed != 1) throw new SQLException("session " + s.key() + " vanished during update");
    }

    @Override
    public void touch(Tx tx, String key, long atMillis, String lastMessage) throws SQLException {
        // The time is taken before the writer (PreparedAppend): of two appends the later-stamped one may commit first.
        int changed = tx.update("UPDATE sessions SET updated_at = " + dialect.greatest("updated_at", "?") + ", last_seen_at = "
                + dialect.greatest("last_seen_at", "?") + ", status = 'active', version = version + 1, last_message = ?"
                + " WHERE key = ?", atMillis, atMillis, lastMessage, key);
        if (changed != 1) throw new SQLException("session " + key + " vanished during touch");
    }

    @Override
    public void heartbeat(Tx tx, String key, long atMillis, String status) throws SQLException {
        int changed = tx.update("UPDATE sessions SET last_seen_at = ?, status = ? WHERE key = ?", atMillis, status, key);
        if (changed != 1) throw new SQLException("session " + key + " vanished during heartbeat");
    }

    @Override
    public boolean heartbeatAt(Tx tx, String key, long version, long atMillis, String status) throws SQLException {
        return tx.update("UPDATE sessions SET last_seen_at = ?, status = ? WHERE key = ? AND version = ? AND status <> 'ended'",
                atMillis, status, key, version) == 1;
    }

    @Override
    public String refreshLastMessage(Tx tx, String key, String instanceId) throws SQLException {
        // One step down the (instance_id, seq) index: the newest message of the instance.
        String last = tx.one("SELECT seq, role, content, tool_calls, created_at FROM messages WHERE instance_id = ?"
                        + " ORDER BY seq DESC LIMIT 1",
                rs -> LastMessage.json(rs.getLong(1), rs.getString(2), MessageText.of(rs.getString(3), rs.getString(4)),
                        Rows.instant(rs, "created_at")), instanceId).orElse(null);
        tx.update("UPDATE sessions SET last_message = ? WHERE key = ?", last, key);
        return last;
    }

    @Override
    public String refreshAgentSessionIds(Tx tx, String key, String instanceId) throws SQLException {
        return writeAgentSessionIds(tx, key, instanceId);
    }

    /** {@code {agent: agent_session_id}} of the instance onto the session row (also after a run made a new id). */
    static String writeAgentSessionIds(Tx tx, String key, String instanceId) throws SQLException {
        var ids = new java.util.TreeMap<String, String>();
        tx.list("SELECT agent, agent_session_id FROM agent_sessions WHERE instance_id = ?",
                rs -> ids.put(rs.getString(1), rs.getString(2)), instanceId);
        String json = ids.isEmpty() ? null : Json.write(ids);
        tx.update("UPDATE sessions SET agent_sessions = ? WHERE key = ?", json, key);
        return json;
    }

    @Override
    public void endInstance(Tx tx, String instanceId, long atMillis, String reason) throws SQLException {
        tx.update("UPDATE instances SET ended_at = ?, end_reason = ? WHERE id = ?", atMillis, reason, instanceId);
    }

    @Override
    public void reopenInstance(Tx tx, String instanceId) throws SQLException {
        tx.update("UPDATE instances SET ended_at = NULL, end_reason = NULL WHERE id = ?", instanceId);
    }

    @Override
    public Page<Session> list(Tx tx, SessionQuery q, Caller caller) throws SQLException {
        var where = new ArrayList<String>();
        var params = new ArrayList<Object>();
        Conditions.in(where, params, "s.status", q.status());
        if (q.channel() != null) {
            where.add("s.channel = ?");
            params.add(q.channel());
        }
        if (q.agent() != null) {
            where.add("s.agent = ?");
            params.add(q.agent());
        }
        if (q.userId() != null) {
            where.add("s.user_id = ?");
            params.add(q.userId());
        }
        Conditions.equal(where, params, "s.parent_key", q.parentKey());
        Conditions.equal(where, params, "s.pair_from", q.pairFrom());
        Conditions.equal(where, params, "s.pair_to", q.pairTo());
        if (q.q() != null) {
            String pattern = "%" + q.q().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            String like = dialect.likeIgnoringCase();
            where.add("(s.title " + like + " ? ESCAPE '\\' OR s.key " + like + " ? ESCAPE '\\')");
            params.add(pattern);
            params.add(pattern);
        }
        if (q.updatedAfter() != null) {
            where.add("s.updated_at > ?");
            params.add(q.updatedAfter().toEpochMilli());
        }
        Conditions.grants(caller, where, params);

        boolean byCreated = q.order().startsWith("created");
        boolean desc = q.order().endsWith("desc");
        String column = byCreated ? "s.created_at" : "s.updated_at";
        String kind = "sessions:" + q.order();
        if (q.cursor() != null) {
            Cursor pos = Cursor.decode(q.cursor(), kind);
            where.add("(" + column + ", s.key) " + (desc ? "<" : ">") + " (?, ?)");
            params.add(pos.position());
            params.add(pos.id());
        }
        String dir = desc ? "DESC" : "ASC";
        String sql = SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY " + column + " " + dir + ", s.key " + dir + " LIMIT ?";
        params.add(q.limit() + 1);
        var items = tx.list(sql, JdbcSessionStore::read, params.toArray());
        return Page.trim(items, q.limit(),
                last -> new Cursor((byCreated ? last.createdAt() : last.updatedAt()).toEpochMilli(), last.key()).encode(kind));
    }

    public static Session read(ResultSet rs) throws SQLException {
        String source = rs.getString(SOURCE);
        String pairFrom = rs.getString(PAIR_FROM);
        return new Session(
                rs.getString(KEY),
                rs.getString(INSTANCE_ID),
                rs.getString(AGENT),
                rs.getString(CHANNEL),
                source == null ? null : readSource(source),
                rs.getString(TITLE),
                rs.getString(MODEL),
                rs.getString(PARENT_KEY),
                pairFrom == null ? null : new SessionPair(pairFrom, rs.getString(PAIR_TO)),
                rs.getString(STATUS),
                Json.readStored(rs.getString(METADATA)),
                Json.readStored(rs.getString(PLUGINS)),
                rs.getLong(MESSAGE_COUNT),
                new UsageTotals(rs.getLong(INPUT_TOKENS), rs.getLong(OUTPUT_TOKENS),
                        rs.getLong(CACHE_READ_TOKENS), rs.getLong(CACHE_WRITE_TOKENS),
                        rs.getLong(REASONING_TOKENS), rs.getDouble(COST_USD)),
                Rows.instant(rs, CREATED_AT),
                Rows.instant(rs, UPDATED_AT),
                Rows.instant(rs, LAST_SEEN_AT),
                Rows.instant(rs, ENDED_AT),
                rs.getString(END_REASON),
                rs.getLong(VERSION),
                rs.getString(COMPACTION_ID),
                rs.getString(ACTIVE_RUN),
                rs.getString(LAST_MESSAGE),
                rs.getInt(PROTECTED) != 0,
                rs.getLong(LAST_PROMPT_TOKENS),
                rs.getString(AGENT_SESSIONS));
    }

    /** The 1-based position of {@code column} in {@link #COLUMN_LIST} (once, at class initialisation). */
    private static int col(String column) {
        int i = COLUMN_LIST.indexOf(column);
        if (i < 0) throw new IllegalArgumentException("not a selected session column: " + column);
        return i + 1;
    }

    private static SessionSource readSource(String json) {
        try {
            return Json.MAPPER.readValue(json, SessionSource.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("stored source is unreadable", e);
        }
    }
}
