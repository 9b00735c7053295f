package dev.switchboard.usage;

import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/usage}: tokens, cost, sessions and messages per day (UTC calendar days), agent,
 * channel or model, over messages created in {@code [from, to)} (default: the 30 days up to now).
 * A message's model is its {@code usage.model}, else its session's {@code model}. Only live sessions
 * count (all their instances); archived sessions are out of the picture, as they are out of lists.
 * The caller's channel/agent grants apply.
 */
public final class UsageService {
    public static final Set<String> GROUPS = Set.of("day", "agent", "channel", "model");
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);

    /** The report, echoing the range and grouping it covers. */
    public record Report(Instant from, Instant to, String groupBy, List<UsageRow> items) {}

    private final Database db;
    private final UsageStore store;
    private final Clock clock;

    public UsageService(Database db, UsageStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    public Report report(Caller caller, Instant from, Instant to, String groupBy) {
        caller.require(Scope.SESSIONS_READ);
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : end.minus(DEFAULT_RANGE);
        if (!start.isBefore(end)) throw ProblemException.validation("from", "must be before to");
        List<UsageRow> rows = db.read(tx -> store.aggregate(tx, start.toEpochMilli(), end.toEpochMilli(), groupBy, caller));
        return new Report(start, end, groupBy, rows);
    }
}
