package dev.switchboard.importer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an import did: sessions created and updated, messages imported and skipped, lines rejected with
 * {@code file:line} and why, history changes, line types that map to no message. Kept per run (the CLI)
 * or per source for the server's lifetime (the follower), so the lists are capped and their totals are not.
 * Thread-safe: the follower writes while {@code GET /v1/sources} reads.
 */
public final class ImportReport {
    private static final int MAX_LISTED = 1000;

    public record Problem(String file, long line, String why) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + why;
        }
    }

    private final Set<String> created = new LinkedHashSet<>();
    private final Set<String> updated = new LinkedHashSet<>();
    private long imported;
    private long alreadyImported;
    private long duplicatesSkipped;
    private long rejectedCount;
    private long files;
    private final Map<String, Long> skippedTypes = new LinkedHashMap<>();
    private final List<Problem> rejected = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();
    private final List<Problem> historyChanges = new ArrayList<>();
    private final List<Problem> errors = new ArrayList<>();

    synchronized void created(String key) {
        created.add(key);
        updated.remove(key);
    }

    synchronized void updated(String key) {
        if (!created.contains(key)) updated.add(key);
    }

    synchronized void imported(long n) {
        imported += n;
    }

    synchronized void alreadyImported(long n) {
        alreadyImported += n;
    }

    synchronized void duplicateSkipped() {
        duplicatesSkipped++;
    }

    synchronized void file() {
        files++;
    }

    synchronized void skipped(String type, long n) {
        skippedTypes.merge(type, n, Long::sum);
    }

    synchronized void rejected(String file, long line, String why) {
        rejectedCount++;
        add(rejected, new Problem(file, line, why));
    }

    synchronized void warning(String file, long line, String why) {
        add(warnings, new Problem(file, line, why));
    }

    synchronized void historyChanged(String file, String key, String detail) {
        add(historyChanges, new Problem(file, 0, key + ": " + detail));
    }

    /** A file (or database) that could not be read at all; other files go on. */
    public synchronized void error(String file, String why) {
        add(errors, new Problem(file, 0, why));
    }

    private static void add(List<Problem> list, Problem p) {
        if (list.size() < MAX_LISTED) list.add(p);
    }

    public synchronized long imported() {
        return imported;
    }

    public synchronized long rejectedCount() {
        return rejectedCount;
    }

    public synchronized List<Problem> errors() {
        return List.copyOf(errors);
    }

    public synchronized List<Problem> rejected() {
        return List.copyOf(rejected);
    }

    public synchronized List<Problem> historyChanges() {
        return List.copyOf(historyChanges);
    }

    public synchronized int sessionsCreated() {
        return created.size();
    }

    public synchronized int sessionsUpdated() {
        return updated.size();
    }

    public synchronized ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("files", files);
        n.set("sessions", Json.object().put("created", created.size()).put("updated", updated.size()));
        n.set("messages", Json.object().put("imported", imported).put("already_imported", alreadyImported)
                .put("duplicates_skipped", duplicatesSkipped).put("rejected", rejectedCount));
        n.set("skipped_line_types", Json.tree(skippedTypes));
        n.set("rejected", problems(rejected));
        n.set("warnings", problems(warnings));
        n.set("history_changes", problems(historyChanges));
        n.set("errors", problems(errors));
        return n;
    }

    private static ArrayNode problems(List<Problem> list) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        list.forEach(p -> a.add(p.toString()));
        return a;
    }

    /** The human summary the CLI ends with. */
    public synchronized void print(PrintStream out, boolean dryRun) {
        String would = dryRun ? " (dry run: nothing was written)" : "";
        out.println("Imported " + imported + " message(s)" + would + " from " + files + " file(s): sessions "
                + created.size() + " created, " + updated.size() + " updated; messages " + alreadyImported
                + " already imported, " + duplicatesSkipped + " duplicate(s) skipped, " + rejectedCount + " rejected.");
        if (!skippedTypes.isEmpty()) out.println("Lines that are no message, by type: " + skippedTypes);
        section(out, "History changes (imported messages are kept; the new branch was appended)", historyChanges);
        section(out, "Rejected lines", rejected);
        if (rejectedCount > rejected.size()) out.println("  … and " + (rejectedCount - rejected.size()) + " more");
        section(out, "Warnings", warnings);
        section(out, "Errors (files not imported)", errors);
    }

    private static void section(PrintStream out, String title, List<Problem> list) {
        if (list.isEmpty()) return;
        out.println(title + ":");
        list.forEach(p -> out.println("  " + p));
    }
}
