package dev.switchboard.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One import run: every file of a reader under some paths, each read by a fresh {@link ImportWriter}. A file
 * that can't be read is reported and the run goes on; only a target that is unreachable ends it.
 */
public final class Importer {
    /**
     * @param complete      the end of a file is the end of its conversation (a one-shot run)
     * @param since         only files changed at or after this time (null: all)
     * @param countExisting count messages sessions already hold as "already imported" (a one-shot summary)
     */
    public record Options(boolean complete, Instant since, ImportWriter.Routing routing, boolean countExisting) {}

    private final SourceReader reader;
    private final ImportTarget target;
    private final ImportReport report;
    private final ImportProgress progress;

    public Importer(SourceReader reader, ImportTarget target, ImportReport report, ImportProgress progress) {
        this.reader = reader;
        this.target = target;
        this.report = report;
        this.progress = progress;
    }

    /** The reader's files under each path that changed since {@code since}; a missing path is reported. */
    public List<Path> files(List<Path> paths, Instant since) {
        var out = new LinkedHashSet<Path>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                report.error(p.toString(), "no such file or directory");
                continue;
            }
            try {
                for (Path f : reader.files(p)) {
                    if (since == null || !Files.getLastModifiedTime(f).toInstant().isBefore(since)) out.add(f);
                }
            } catch (IOException | UncheckedIOException e) {
                report.error(p.toString(), "cannot list: " + e.getMessage());
            }
        }
        return new ArrayList<>(out);
    }

    /** Imports every file; returns, per file, the bytes the reader is done with. */
    public Map<Path, Long> run(List<Path> files, Options options) {
        long total = 0;
        for (Path f : files) total += size(f);
        progress.started(files.size(), total);
        var consumed = new LinkedHashMap<Path, Long>();
        for (Path f : files) consumed.put(f, importFile(f, options));
        progress.finished();
        return consumed;
    }

    /** Imports one file; returns the bytes the reader is done with (where a follower continues). */
    public long importFile(Path file, Options options) {
        long bytes = size(file);
        progress.fileStarted(file, bytes);
        long before = report.imported();
        long rejectedBefore = report.rejectedCount();
        var writer = new ImportWriter(target, report, reader.kind(), file.toString(), options.routing(),
                options.countExisting(), progress);
        String error = null;
        try {
            reader.read(file, new ReadContext(writer, options.complete()));
            writer.finish();
            report.file();
        } catch (IOException | UncheckedIOException e) {
            error = "cannot read: " + e.getMessage();
            report.error(file.toString(), error);
        }
        progress.fileDone(file, bytes, report.imported() - before, report.rejectedCount() - rejectedBefore, error);
        return writer.consumed();
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }
}
