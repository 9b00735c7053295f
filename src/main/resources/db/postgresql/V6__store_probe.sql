-- The row /readyz rewrites while writes are failing, as db/sqlite/V6.
CREATE TABLE store_probe (
    id        integer PRIMARY KEY CHECK (id = 1),
    probed_at bigint  NOT NULL
);
INSERT INTO store_probe (id, probed_at) VALUES (1, 0);
