-- Run ownership, as db/sqlite/V9.
CREATE TABLE run_leases (
    run_id      text   PRIMARY KEY,
    node        text   NOT NULL,
    lease_until bigint NOT NULL
);
CREATE INDEX run_leases_by_node ON run_leases (node);
