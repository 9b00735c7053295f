package dev.switchboard.store.sqlite;

import dev.switchboard.compaction.CheckpointStore;
import dev.switchboard.context.ContextStore;
import dev.switchboard.directive.DirectiveStore;
import dev.switchboard.event.EventStore;
import dev.switchboard.idempotency.IdempotencyStore;
import dev.switchboard.importer.ImportFileStore;
import dev.switchboard.run.AgentStore;
import dev.switchboard.run.RunStore;
import dev.switchboard.session.SessionStore;
import dev.switchboard.token.TokenStore;
import dev.switchboard.transcript.TranscriptStore;

/** The SQLite implementations of every feature's store interface, built in one place for the wiring. */
public record SqliteStores(
        SqliteDatabase database,
        SessionStore sessions,
        TranscriptStore transcripts,
        EventStore events,
        TokenStore tokens,
        IdempotencyStore idempotency,
        RunStore runs,
        AgentStore agents,
        DirectiveStore directives,
        CheckpointStore checkpoints,
        ContextStore contexts,
        ImportFileStore importFiles) {

    public static SqliteStores open(SqliteDatabase database) {
        return new SqliteStores(database, new SqliteSessionStore(), new SqliteTranscriptStore(), new SqliteEventStore(),
                new SqliteTokenStore(), new SqliteIdempotencyStore(),
                new SqliteRunStore(), new SqliteAgentStore(), new SqliteDirectiveStore(), new SqliteCheckpointStore(),
                new SqliteContextStore(), new SqliteImportFileStore());
    }
}
