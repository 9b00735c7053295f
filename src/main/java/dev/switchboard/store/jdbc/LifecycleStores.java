package dev.switchboard.store.jdbc;

import dev.switchboard.archive.ArchiveStore;
import dev.switchboard.maintenance.MaintenanceStore;
import dev.switchboard.search.SearchStore;
import dev.switchboard.session.LifecycleStore;
import dev.switchboard.session.PolicyStore;
import dev.switchboard.usage.UsageStore;

/**
 * The stores of the session-lifecycle features (policies, instances, archive, search, usage), built beside
 * {@link Stores} so the two lists can grow independently. Search is each store's own (FTS5 / tsvector).
 */
public record LifecycleStores(
        LifecycleStore lifecycle,
        PolicyStore policies,
        ArchiveStore archive,
        SearchStore search,
        UsageStore usage,
        MaintenanceStore maintenance) {

    public static LifecycleStores open(Dialect dialect, SearchStore search) {
        return new LifecycleStores(new JdbcLifecycleStore(), new JdbcPolicyStore(), new JdbcArchiveStore(dialect),
                search, new JdbcUsageStore(dialect), new JdbcMaintenanceStore(dialect));
    }
}
