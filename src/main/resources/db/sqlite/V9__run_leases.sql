-- Run ownership (run.RunOwnership): the node executing a running run, and until when its lease holds. The owner
-- renews it while the run executes; once it has lapsed (the node died or lost the database), another node marks the
-- run lost and continues the session's queue. A row is only meaningful while its run is 'running'.
CREATE TABLE run_leases (
    run_id      TEXT    PRIMARY KEY,
    node        TEXT    NOT NULL,
    lease_until INTEGER NOT NULL
);
CREATE INDEX run_leases_by_node ON run_leases (node);
