-- Event log retention, as db/sqlite/V4.
CREATE TABLE event_retention (
    id             integer PRIMARY KEY CHECK (id = 1),
    pruned_through bigint  NOT NULL
);
INSERT INTO event_retention (id, pruned_through) VALUES (1, 0);
