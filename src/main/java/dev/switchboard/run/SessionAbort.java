package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.input.Fields;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Database;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/sessions/{key}/abort} ("stop"): the session's running run is aborted, its queue cleared, and the
 * same happens, recursively, to every session it spawned as a subagent ({@link RunLink.Kind#SUBAGENT}) — only what
 * the server started for it, not sessions that merely name it as {@code parent_key}. A UI that lost the run id can
 * always stop the session; with nothing to stop the answer is the same shape, empty.
 *
 * <p>Every run is marked in one transaction, so a subagent spawned concurrently is either seen here (and stopped) or
 * spawned after the commit (and not stopped: the parent is running again or was never stopped for it). Cycles can't
 * loop: each session is visited once.
 */
public final class SessionAbort {
    /** Same bound as a single run's abort: the answer usually shows the runs ended, and never waits longer. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** What was stopped: the ids of the runs that were running, and how many queued runs were cleared. */
    public record Stopped(List<String> aborted, int cleared) {}

    private final Database db;
    private final RunStore runs;
    private final RunLinkStore links;
    private final SessionService sessions;
    private final RunService service;
    private final RunSupervisor supervisor;

    public SessionAbort(Database db, RunStore runs, RunLinkStore links, SessionService sessions, RunService service,
                        RunSupervisor supervisor) {
        this.db = db;
        this.runs = runs;
        this.links = links;
        this.sessions = sessions;
        this.service = service;
        this.supervisor = supervisor;
    }

    public Stopped abort(Caller caller, String key, JsonNode body) {
        caller.require(Scope.RUNS_WRITE);
        Fields f = Fields.of(body);
        f.onlyAllow(Set.of("reason"));
        String reason = f.string("reason", 1_000).orElse("session " + key + " stopped by " + caller.name());
        f.check();
        Stopped stopped = db.write(tx -> {
            sessions.requireVisible(tx, caller, key);
            var aborted = new ArrayList<String>();
            int cleared = 0;
            var todo = new ArrayDeque<String>(List.of(key));
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                String k = todo.pop();
                if (!seen.add(k)) continue;
                for (Run r : runs.active(tx, k)) {
                    if (r.status() == RunStatus.QUEUED) cleared++;
                    else aborted.add(r.id());
                    service.requestAbort(tx, r, k.equals(key) ? reason : reason + " (its parent " + key + ")", false);
                }
                todo.addAll(links.subagentKeys(tx, k));
            }
            return new Stopped(List.copyOf(aborted), cleared);
        });
        awaitEnds(stopped.aborted());
        return stopped;
    }

    /** Waits, bounded in total, until the stopped runs executing here have recorded their end. */
    private void awaitEnds(List<String> ids) {
        if (ids.isEmpty()) return;
        try {
            CompletableFuture.allOf(ids.stream().map(supervisor::done).toArray(CompletableFuture[]::new))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // answer anyway: the runs end on their own
        }
    }
}
