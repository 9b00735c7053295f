package dev.switchboard.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source the follower keeps in sync: its reader, the marks of its files, and its state for
 * {@code GET /v1/sources}. {@link #sync} compares every file with its mark and imports the changed ones; a file
 * written less than {@link #QUIET_MILLIS} ago is read as possibly mid-write (a message that waits for its next
 * line stays waiting), and read once more as complete when it has gone quiet.
 */
final class FollowedSource {
    private static final Logger log = LoggerFactory.getLogger(FollowedSource.class);
    static final long QUIET_MILLIS = 1_000;

    final SourceSpec spec;
    private final SourceReader reader;
    private final ImportReport report = new ImportReport();
    private final Map<String, FileMark> marks;
    private final ImportMarks store;
    private final Clock clock;
    private final ImportProgress progress;
    private volatile String state = "starting";
    private volatile long lastSyncMillis;
    private volatile long lastImportMillis;
    private volatile long lagMillis = -1;
    private volatile int files;
    private volatile int pending;
    private volatile ObjectNode lastError;

    FollowedSource(SourceSpec spec, ImportMarks store, Clock clock, ImportProgress progress) {
        this.spec = spec;
        this.reader = Readers.create(spec.kind());
        this.store = store;
        this.clock = clock;
        this.progress = progress;
        this.marks = new HashMap<>(store.load(spec.id()));
    }

    /** Imports every file that changed since its mark, until {@code stopping} says so; never throws. */
    void sync(ImportTarget target, java.util.function.BooleanSupplier stopping) {
        long now = clock.millis();
        lastSyncMillis = now;
        var importer = new Importer(reader, target, report, progress);
        List<Path> present = spec.paths().stream().filter(Files::exists).toList();
        if (present.size() < spec.paths().size() && lastError == null) {
            error(String.join(", ", spec.paths().stream().map(Path::toString).toList()), "no such file or directory (yet)");
        }
        List<Path> all = present.isEmpty() ? List.of() : importer.files(present, null);
        files = all.size();
        int waiting = 0;
        for (Path file : all) {
            if (stopping.getAsBoolean()) return;
            try {
                if (!syncFile(importer, file, now)) waiting++;
            } catch (IOException | RuntimeException e) {
                failed(file, e);
            }
        }
        pending = waiting;
        state = spec.follow() ? "following" : "imported";
    }

    /** @return false when the file was read incomplete (something in it waits for the file to go quiet) */
    private boolean syncFile(Importer importer, Path file, long now) throws IOException {
        FileMark stat = FileMark.stat(file);
        FileMark mark = marks.get(file.toString());
        boolean quiet = now - stat.modifiedMillis() >= QUIET_MILLIS;
        if (mark != null && mark.sameFile(stat) && (mark.settled() || !quiet)) return mark.settled();
        state = "importing";
        int errors = report.errors().size();
        long before = report.imported();
        long consumed = importer.importFile(file, new Importer.Options(quiet, null, spec.routing(), false));
        FileMark done = stat.read(consumed > 0 ? consumed : stat.size(), quiet);
        marks.put(file.toString(), done);
        store.save(spec.id(), done);
        if (report.imported() > before) {
            lastImportMillis = clock.millis();
            // lag of a file seen growing (not of history imported the first time: that is just its age)
            if (mark != null) lagMillis = Math.max(0, lastImportMillis - stat.modifiedMillis());
        }
        if (report.errors().size() > errors) {
            var e = report.errors().getLast();
            log.warn("{} source: {} not imported: {}", spec.kind(), e.file(), e.why());
            error(e.file(), e.why());
        }
        return quiet;
    }

    private void failed(Path file, Exception e) {
        log.warn("import of {} ({}) failed: {}", file, spec.kind(), e.toString(), e);
        error(file.toString(), e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private void error(String file, String message) {
        lastError = Json.object().put("at", Json.time(clock.millis())).put("file", file).put("message", message);
    }

    boolean waiting() {
        return pending > 0;
    }

    long lastSyncMillis() {
        return lastSyncMillis;
    }

    /** The follower stopped; a source that is not followed keeps saying it was imported. */
    void stopped() {
        if (spec.follow()) state = "stopped";
    }

    /** The source's state for {@code GET /v1/sources}. */
    ObjectNode status(boolean watching) {
        ObjectNode n = Json.object();
        n.put("id", spec.id());
        n.put("kind", spec.kind());
        var paths = n.putArray("paths");
        spec.paths().forEach(p -> paths.add(p.toString()));
        n.put("follow", spec.follow());
        n.put("agent", spec.agent());
        n.put("channel", spec.channel());
        n.put("state", state);
        n.put("watch", spec.follow() ? (watching ? "notify" : "polling") : "none");
        n.put("files", files);
        n.put("files_waiting", pending);
        n.put("last_sync_at", lastSyncMillis == 0 ? null : Json.time(lastSyncMillis));
        n.put("last_import_at", lastImportMillis == 0 ? null : Json.time(lastImportMillis));
        if (lagMillis >= 0) n.put("lag_ms", lagMillis);
        else n.putNull("lag_ms");
        n.set("last_error", lastError);
        ObjectNode r = report.toJson();
        n.set("imported", Json.object().put("messages", report.imported()).put("sessions_created", report.sessionsCreated())
                .put("rejected", report.rejectedCount()));
        n.set("rejected", r.get("rejected"));
        n.set("history_changes", r.get("history_changes"));
        return n;
    }
}
