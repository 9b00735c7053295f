package dev.switchboard.run;

import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.session.Session;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/** The {@code run.*} events, appended in the transaction that makes the change they announce. */
record RunEvents(EventLog log, Clock clock) {

    void emit(Tx tx, EventType type, Run run, Session s) throws SQLException {
        log.append(tx, type, s.key(), s.channel(), s.agent(), clock.millis(), run);
    }

    /** For a run whose session is gone: the event names only the key. */
    void emitWithoutSession(Tx tx, EventType type, Run run) throws SQLException {
        log.append(tx, type, run.key(), null, null, clock.millis(), run);
    }

    /** Timestamps stored on runs: the server clock already ticks in milliseconds, like every time in the API (Core). */
    Instant now() {
        return clock.instant();
    }
}
