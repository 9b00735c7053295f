package dev.switchboard.directive;

import dev.switchboard.paging.Page;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of directives and of their deliveries to sessions. */
public interface DirectiveStore {
    void insert(Tx tx, Directive d, String createdBy) throws SQLException;

    /** The directive without per-session delivery information. */
    Optional<Directive> find(Tx tx, String id, Instant now) throws SQLException;

    /**
     * Directives addressed to the session {@code key} directly or through a target matching its channel and
     * agent, oldest first, with their delivery to that session; {@code pendingOnly} keeps those not acked,
     * not expired at {@code now} and not yet delivered to it.
     */
    Page<Directive> forSession(Tx tx, String key, String channel, String agent, boolean pendingOnly, Instant now,
                               int limit, String cursor) throws SQLException;

    /** The session's pending directives, most urgent first (delivery order). */
    List<Directive> pending(Tx tx, String key, String channel, String agent, Instant now) throws SQLException;

    /** Records a delivery; false when the directive was already delivered to that session. */
    boolean recordDelivery(Tx tx, String directiveId, String key, String runId, String via, Instant at) throws SQLException;

    void ack(Tx tx, String id, Instant at, String resultJson) throws SQLException;
}
