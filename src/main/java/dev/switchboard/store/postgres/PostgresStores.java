package dev.switchboard.store.postgres;

import dev.switchboard.store.jdbc.LifecycleStores;
import dev.switchboard.store.jdbc.Stores;

/** The feature stores on PostgreSQL: the shared ones with its dialect, and its own event log and tsvector search. */
public final class PostgresStores {
    private PostgresStores() {}

    public static Stores open() {
        return Stores.open(new PostgresDialect(), new PostgresEventStore());
    }

    public static LifecycleStores lifecycle() {
        return LifecycleStores.open(new PostgresDialect(), new PostgresSearchStore());
    }
}
