-- One row that /readyz rewrites while writes are failing (e.g. the disk is full), to notice by itself when
-- they succeed again. A write that changes nothing commits even on a full disk, so the probe must change a value.
CREATE TABLE store_probe (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    probed_at INTEGER NOT NULL
);
INSERT INTO store_probe (id, probed_at) VALUES (1, 0);
