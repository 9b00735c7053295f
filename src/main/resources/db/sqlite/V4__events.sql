-- Event log retention. Pruning deletes a prefix of the log (every seq up to pruned_through), so a
-- subscriber resuming after seq N can tell "nothing of mine was pruned" (N >= pruned_through) from
-- "events I have not seen are gone" (N < pruned_through, answered with `event: reset`). The marker is
-- kept in its own row because the events table itself may be empty after pruning.
CREATE TABLE event_retention (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    pruned_through INTEGER NOT NULL
);
INSERT INTO event_retention (id, pruned_through) VALUES (1, 0);
