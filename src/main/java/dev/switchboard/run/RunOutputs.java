package dev.switchboard.run;

import dev.switchboard.directive.DirectiveService;
import dev.switchboard.event.EventLog;
import dev.switchboard.session.Session;
import dev.switchboard.store.Database;
import dev.switchboard.transcript.MessageInput;
import dev.switchboard.transcript.TranscriptService;
import java.time.Clock;

/**
 * What every run's {@link RunOutput} journal writes with; opens one journal per run. Its messages and acks are
 * written through {@code retry}, so a moment of store overload slows an agent down instead of failing its run.
 */
record RunOutputs(Database db, StoreRetry retry, TranscriptService transcripts, MessageInput messageInput,
                  EventLog events, RunStore runs, DirectiveService directives, Clock clock, int maxMessageChars) {

    RunOutput open(Run run, Session session) {
        return new RunOutput(run, session, this);
    }
}
