package dev.switchboard.transcript;

import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Persistence of messages and of the per-instance counters that go with them. */
public interface TranscriptStore {
    /**
     * What an append needs of its session, in one indexed lookup: the current instance, its last seq, and
     * the grant columns, and the running token total through that seq (the next message's starts from it).
     * Not the whole session: an append neither returns it nor changes most of it.
     */
    record AppendTarget(String key, String instanceId, String channel, String agent, String status, long lastSeq,
                        long tokensThrough) {}

    Optional<AppendTarget> appendTarget(Tx tx, String key) throws SQLException;

    /** Inserts messages with their token estimates and running totals ({@link SizedMessage}). */
    void insert(Tx tx, List<SizedMessage> messages) throws SQLException;

    /** Adds appended messages to the instance's counters in the same transaction as the insert. */
    void addToInstance(Tx tx, String instanceId, int count, UsageTotals usage, long lastSeq) throws SQLException;

    /** {@link #addToInstance}, also recording the last prompt's size when {@code lastPromptTokens} is above 0. */
    default void addToInstance(Tx tx, String instanceId, int count, UsageTotals usage, long lastSeq, long lastPromptTokens)
            throws SQLException {
        addToInstance(tx, instanceId, count, usage, lastSeq);
        if (lastPromptTokens > 0) setLastPrompt(tx, instanceId, lastPromptTokens);
    }

    void setLastPrompt(Tx tx, String instanceId, long tokens) throws SQLException;

    /** Messages with {@code afterSeq < seq < beforeSeq} (either bound may be null), in seq order. */
    default List<Message> list(Tx tx, String instanceId, Long afterSeq, Long beforeSeq, int limit, boolean descending)
            throws SQLException {
        return list(tx, instanceId, afterSeq, beforeSeq, null, null, limit, descending);
    }

    /** {@link #list} of the messages with {@code sinceMillis <= created_at < untilMillis} (either may be null). */
    List<Message> list(Tx tx, String instanceId, Long afterSeq, Long beforeSeq, Long sinceMillis, Long untilMillis,
                       int limit, boolean descending)
            throws SQLException;

    /** The session key an instance belongs to. */
    Optional<String> instanceKey(Tx tx, String instanceId) throws SQLException;
}
