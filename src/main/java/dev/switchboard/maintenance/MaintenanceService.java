package dev.switchboard.maintenance;

import dev.switchboard.archive.ArchiveService;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.input.Fields;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionLifecycle;
import dev.switchboard.session.SessionService;
import dev.switchboard.session.SessionStore;
import dev.switchboard.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention ({@code [maintenance]}): ended sessions to the archive after {@code prune_ended_after} or when more than
 * {@code max_sessions} are live (oldest ended first), archive entries purged after {@code archive_days} or, above
 * {@code max_disk_bytes}, oldest first, and the {@code data/runs/<id>} directories of runs that no longer exist.
 * Never an active session, a protected one, or one with a queued or running run.
 *
 * <p>Removal goes in transactions of {@link #BATCH} items, each re-checking its rules under the write, so the single
 * writer is never held long and a session that came back to life between the read and the write is left alone. A dry
 * run reads the same candidates in the same order and changes nothing.
 */
public final class MaintenanceService {
    private static final Logger log = LoggerFactory.getLogger(MaintenanceService.class);
    /** Items per write transaction: each is a few statements, so a batch holds the writer for milliseconds. */
    static final int BATCH = 50;
    static final int FIRST = 20;
    /** Archive entries purged per pass while the store is above max_disk_bytes (and past {@link #purgedAtSize}). */
    private static final int DISK_BATCH = 100;
    private static final String BY = "maintenance";
    /**
     * The store's size when {@code max_disk_bytes} last purged. Deleting rows does not shrink the file (SQLite and
     * PostgreSQL both keep the space and reuse it), so measured again the store is as large as before: purging on
     * that alone would empty the whole archive, 100 entries a pass. The bound purges again only once the store has
     * grown past this high-water mark, i.e. once the space freed is used up.
     */
    private volatile long purgedAtSize;

    private final Database db;
    private final MaintenanceStore store;
    private final SessionStore sessions;
    private final SessionService sessionRules;
    private final SessionLifecycle lifecycle;
    private final ArchiveService archive;
    private final SwitchboardConfig.Maintenance config;
    private final Set<String> protectedKeys;
    private final Path runsDir;
    private final Clock clock;

    public MaintenanceService(Database db, MaintenanceStore store, SessionStore sessions, SessionService sessionRules,
                              SessionLifecycle lifecycle, ArchiveService archive, SwitchboardConfig config,
                              MeterRegistry metrics, Clock clock) {
        this.db = db;
        this.store = store;
        this.sessions = sessions;
        this.sessionRules = sessionRules;
        this.lifecycle = lifecycle;
        this.archive = archive;
        this.config = config.maintenance();
        this.protectedKeys = config.sessions().protectedKeys();
        this.runsDir = config.dataDir().resolve("runs");
        this.clock = clock;
        Gauge.builder("switchboard_store_size_bytes", this, MaintenanceService::sizeForMetrics)
                .description("The store's size on disk").register(metrics);
    }

    /** {@code POST /v1/maintenance {dry_run}} (admin). */
    public MaintenanceReport run(Caller caller, JsonNode body) {
        caller.require(Scope.ADMIN);
        Fields f = Fields.of(body);
        f.onlyAllow(Set.of("dry_run"));
        boolean dry = f.bool("dry_run").orElse(false);
        f.check();
        return run(dry);
    }

    /** The background job: enforce. */
    public void enforce() {
        MaintenanceReport r = run(false);
        if (r.archivedSessions().count() + r.purgedArchiveEntries().count() + r.removedRunDirs().count() > 0) {
            log.info("maintenance: archived {} ended sessions, purged {} archive entries, removed {} run directories",
                    r.archivedSessions().count(), r.purgedArchiveEntries().count(), r.removedRunDirs().count());
        }
    }

    public MaintenanceReport run(boolean dryRun) {
        Instant now = clock.instant();
        long size = db.read(store::sizeBytes);
        boolean overDisk = config.maxDiskBytes() > 0 && size > config.maxDiskBytes() && size > purgedAtSize;
        Plan plan = db.read(tx -> {
            Long cutoff = config.pruneEndedAfter() == null ? null : now.minus(config.pruneEndedAfter()).toEpochMilli();
            long byAge = cutoff == null ? 0 : store.countEnded(tx, cutoff, protectedKeys);
            long excess = config.maxSessions() == 0 ? 0 : Math.max(0, store.liveSessions(tx) - config.maxSessions());
            long sessionsToGo = Math.max(byAge, Math.min(excess, excess == 0 ? 0 : store.countEnded(tx, null, protectedKeys)));
            Long archiveCutoff = config.archiveDays() == 0 ? null : now.minus(Duration.ofDays(config.archiveDays())).toEpochMilli();
            long entriesByAge = archiveCutoff == null ? 0 : store.countArchive(tx, archiveCutoff);
            long entriesToGo = Math.max(entriesByAge, overDisk ? Math.min(DISK_BATCH, store.countArchive(tx, null)) : 0);
            return new Plan(sessionsToGo, entriesToGo);
        });
        MaintenanceReport.Part sessionsPart = dryRun ? preview(plan.sessions(), db.read(tx ->
                store.endedSessions(tx, null, protectedKeys, (int) Math.min(FIRST, plan.sessions()))))
                : archiveSessions(plan.sessions(), now);
        MaintenanceReport.Part entriesPart = dryRun ? preview(plan.entries(), db.read(tx ->
                store.archiveEntries(tx, null, (int) Math.min(FIRST, plan.entries())).stream().map(MaintenanceStore.Entry::id).toList()))
                : purgeEntries(plan.entries());
        if (!dryRun && overDisk && entriesPart.count() > 0) {
            purgedAtSize = db.read(store::sizeBytes); // measured after: the purge's own writes may have grown it
        }
        List<String> orphans = orphanRunDirs();
        MaintenanceReport.Part dirsPart = dryRun ? preview(orphans.size(), orphans) : removeRunDirs(orphans);
        return new MaintenanceReport(dryRun, size, sessionsPart, entriesPart, dirsPart);
    }

    private record Plan(long sessions, long entries) {}

    private static MaintenanceReport.Part preview(long count, List<String> first) {
        return new MaintenanceReport.Part(count, first.subList(0, Math.min(FIRST, first.size())));
    }

    /** The oldest {@code count} eligible ended sessions to the archive, {@link #BATCH} per transaction. */
    private MaintenanceReport.Part archiveSessions(long count, Instant now) {
        var done = new ArrayList<String>();
        while (done.size() < count) {
            int want = (int) Math.min(BATCH, count - done.size());
            List<String> batch = db.write(tx -> {
                var archived = new ArrayList<String>();
                for (String key : store.endedSessions(tx, null, protectedKeys, want)) {
                    Session s = sessions.findForUpdate(tx, key).orElse(null);
                    if (s == null || !s.ended() || sessionRules.isProtected(s)) continue;
                    try {
                        lifecycle.requireNoActiveRun(tx, s);
                    } catch (ProblemException e) {
                        continue; // a run was queued meanwhile: it stays
                    }
                    archive.archiveInTx(tx, s, BY, now);
                    archived.add(key);
                }
                return archived;
            });
            if (batch.isEmpty()) break;
            done.addAll(batch);
        }
        return new MaintenanceReport.Part(done.size(), done.subList(0, Math.min(FIRST, done.size())));
    }

    /** The oldest {@code count} archive entries, and what is left of keys that no longer exist anywhere. */
    private MaintenanceReport.Part purgeEntries(long count) {
        var done = new ArrayList<String>();
        while (done.size() < count) {
            int want = (int) Math.min(BATCH, count - done.size());
            var erasedRuns = new ArrayList<String>();
            List<String> batch = db.write(tx -> {
                var purged = new ArrayList<String>();
                for (MaintenanceStore.Entry e : store.archiveEntries(tx, null, want)) {
                    store.deleteArchiveEntry(tx, e.id());
                    if (!store.keyInUse(tx, e.key())) erasedRuns.addAll(archive.purgeInTx(tx, e.key()));
                    purged.add(e.id());
                }
                return purged;
            });
            archive.eraseRunFiles(erasedRuns);
            if (batch.isEmpty()) break;
            done.addAll(batch);
        }
        return new MaintenanceReport.Part(done.size(), done.subList(0, Math.min(FIRST, done.size())));
    }

    /** Directories under {@code data/runs} whose run the store no longer has (erased with a purged session). */
    private List<String> orphanRunDirs() {
        if (!Files.isDirectory(runsDir)) return List.of();
        List<String> ids;
        try (Stream<Path> dirs = Files.list(runsDir)) {
            ids = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            log.warn("maintenance: could not list {}: {}", runsDir, e.toString());
            return List.of();
        }
        var orphans = new ArrayList<String>();
        for (int i = 0; i < ids.size(); i += 500) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
            Set<String> existing = db.read(tx -> store.existingRuns(tx, chunk));
            for (String id : chunk) if (!existing.contains(id)) orphans.add(id);
        }
        return orphans;
    }

    private MaintenanceReport.Part removeRunDirs(List<String> orphans) {
        archive.eraseRunFiles(orphans);
        return preview(orphans.size(), orphans);
    }

    private double sizeForMetrics() {
        try {
            return db.read(store::sizeBytes);
        } catch (RuntimeException e) {
            return Double.NaN; // the store is unavailable: /metrics says so elsewhere
        }
    }
}
