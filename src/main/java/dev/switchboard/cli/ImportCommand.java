package dev.switchboard.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.Durations;
import dev.switchboard.importer.DryRunTarget;
import dev.switchboard.importer.FileMark;
import dev.switchboard.importer.ImportMarks;
import dev.switchboard.importer.ImportProgress;
import dev.switchboard.importer.ImportReport;
import dev.switchboard.importer.ImportTarget;
import dev.switchboard.importer.ImportWriter;
import dev.switchboard.importer.Importer;
import dev.switchboard.importer.LineProgress;
import dev.switchboard.importer.Readers;
import dev.switchboard.importer.SourceFollower;
import dev.switchboard.importer.SourceReader;
import dev.switchboard.importer.SourceSpec;
import dev.switchboard.importer.SourceSpecs;
import dev.switchboard.importer.TerminalProgress;
import dev.switchboard.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard import <kind> [PATH…]}: other agents' transcripts into a running server, through its REST API
 * (so the token's grants apply and events and search see every message). Exit code 0 when every file was read
 * (rejected lines are reported, not failures), 1 when some file could not be read.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import other agents' transcripts: claude-code (~/.claude/projects), codex (~/.codex/sessions), "
                + "openclaw (~/.openclaw/agents), hermes (~/.hermes). Idempotent: importing again adds only what is new.")
public final class ImportCommand implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Parameters(index = "0", paramLabel = "KIND", description = "claude-code, codex, openclaw or hermes")
    String kind;

    @Parameters(index = "1..*", paramLabel = "PATH", description = "Files or directories (default: the kind's usual place)")
    List<Path> paths;

    @Option(names = "--dry-run", description = "Read everything and report what would be imported; write nothing")
    boolean dryRun;

    @Option(names = "--since", description = "Only files changed since: an RFC 3339 time, a date (2026-01-31) or an age (7d, 12h)")
    String since;

    @Option(names = "--follow", description = "After importing, keep importing as the files grow (Ctrl-C to stop)")
    boolean follow;

    @Option(names = "--agent", description = "The agent of every imported session (default: per kind)")
    String agent;

    @Option(names = "--channel", description = "The channel of every imported session (default: per kind or platform)")
    String channel;

    @Override
    public Integer call() {
        SourceReader reader;
        try {
            reader = Readers.create(kind);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
        Path home = SourceSpecs.home();
        List<Path> roots = paths != null && !paths.isEmpty() ? paths
                : reader.defaultPaths(home).stream().filter(Files::exists).toList();
        if (roots.isEmpty()) {
            throw new CliException("no " + kind + " history found at " + reader.defaultPaths(home) + "; pass a PATH", 2);
        }
        ImportTarget target = new HttpImportTarget(client.client());
        if (dryRun) target = new DryRunTarget(target);
        boolean terminal = System.console() != null && System.console().isTerminal() && !client.json;
        ImportProgress progress = terminal ? new TerminalProgress(System.err) : new LineProgress(System.err, false);
        var report = new ImportReport();
        var importer = new Importer(reader, target, report, progress);
        var routing = new ImportWriter.Routing(agent, channel);
        var files = importer.files(roots, parseSince(since));
        if (files.isEmpty() && !client.json) System.err.println("No " + kind + " files under " + roots + (since != null ? " changed since " + since : ""));
        var done = importer.run(files, new Importer.Options(true, null, routing, true));
        printSummary(report);
        if (follow) follow(roots, target, done);
        return report.errors().isEmpty() ? 0 : 1;
    }

    private void printSummary(ImportReport report) {
        if (client.json) {
            ObjectNode n = Json.object().put("kind", kind).put("dry_run", dryRun);
            n.setAll(report.toJson());
            System.out.println(Json.write(n));
        } else {
            report.print(System.out, dryRun);
        }
        System.out.flush();
    }

    /** The server's follower, run here against the same target (file marks kept in memory). */
    private void follow(List<Path> roots, ImportTarget target, Map<Path, Long> imported) {
        System.err.println("Following " + roots + " (Ctrl-C to stop)…");
        var spec = new SourceSpec(kind, roots, true, agent, channel);
        // the files just imported start from where this run left them, so following doesn't read them all again
        ImportMarks marks = ImportMarks.inMemory();
        imported.forEach((file, offset) -> {
            try {
                FileMark now = FileMark.stat(file);
                long at = offset > 0 ? offset : now.size();
                marks.save(spec.id(), now.read(at, at >= now.size())); // grown meanwhile: read again once quiet
            } catch (java.io.IOException e) {
                // the follower stats it again and reads it if it can
            }
        });
        new SourceFollower(List.of(spec), target, marks, Clock.systemUTC(), new LineProgress(System.err, true)).runHere();
    }

    static Instant parseSince(String text) {
        if (text == null) return null;
        try {
            return Json.parseTime(text);
        } catch (DateTimeParseException notTime) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                try {
                    return Instant.now().minus(Durations.parse(text));
                } catch (IllegalArgumentException notAge) {
                    throw new CliException("--since: '" + text + "' is no RFC 3339 time, date or age (e.g. 7d)", 2);
                }
            }
        }
    }
}
