package dev.switchboard.store.jdbc;

import dev.switchboard.compaction.CheckpointStore;
import dev.switchboard.context.ContextStore;
import dev.switchboard.directive.DirectiveStore;
import dev.switchboard.importer.ImportFileStore;
import dev.switchboard.event.EventStore;
import dev.switchboard.idempotency.IdempotencyStore;
import dev.switchboard.run.AgentSessionStore;
import dev.switchboard.run.AgentStore;
import dev.switchboard.run.RunLeaseStore;
import dev.switchboard.run.RunLinkStore;
import dev.switchboard.run.RunStore;
import dev.switchboard.session.SessionStore;
import dev.switchboard.stats.StatsStore;
import dev.switchboard.token.TokenStore;
import dev.switchboard.transcript.TranscriptStore;

/**
 * Every feature's store, built in one place for the wiring: the shared JDBC implementations in this package (one
 * class per feature, run by both SQLite and PostgreSQL through their {@link Dialect}) plus the event log, which each
 * store implements itself (how sequence numbers are handed out is what differs).
 */
public record Stores(
        SessionStore sessions,
        TranscriptStore transcripts,
        EventStore events,
        TokenStore tokens,
        IdempotencyStore idempotency,
        RunStore runs,
        RunLeaseStore runLeases,
        AgentStore agents,
        DirectiveStore directives,
        CheckpointStore checkpoints,
        ContextStore contexts,
        ImportFileStore importFiles,
        RunLinkStore runLinks,
        StatsStore stats,
        AgentSessionStore agentSessions) {

    public static Stores open(Dialect dialect, EventStore events) {
        return new Stores(new JdbcSessionStore(dialect), new JdbcTranscriptStore(dialect), events,
                new JdbcTokenStore(dialect), new JdbcIdempotencyStore(), new JdbcRunStore(dialect), new JdbcRunLeaseStore(),
                new JdbcAgentStore(), new JdbcDirectiveStore(), new JdbcCheckpointStore(), new JdbcContextStore(),
                new JdbcImportFileStore(), new JdbcRunLinkStore(), new JdbcStatsStore(), new JdbcAgentSessionStore());
    }
}
