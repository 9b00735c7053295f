package dev.switchboard.importer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Progress on a terminal: a bar for the current file and one for the whole run (bytes done, messages, messages/s,
 * ETA from the bytes still to read), redrawn in place at most ten times a second on stderr.
 */
public final class TerminalProgress implements ImportProgress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 24;

    private final PrintStream out;
    private int files;
    private int filesDone;
    private long totalBytes;
    private long doneBytes;       // of the files done
    private long doneMessages;    // of the files done
    private Path file;            // the current (or last) file
    private long fileBytes;
    private long fileDoneBytes;
    private long fileMessages;
    private boolean inFile;
    private long started;
    private long lastDraw;
    private boolean drawn;

    public TerminalProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(int fileCount, long bytes) {
        files = fileCount;
        totalBytes = bytes;
        started = System.nanoTime();
    }

    @Override
    public void fileStarted(Path f, long bytes) {
        file = f;
        fileBytes = bytes;
        fileDoneBytes = 0;
        fileMessages = 0;
        inFile = true;
        draw(false);
    }

    @Override
    public void advanced(long fileBytesDone, long messages) {
        fileDoneBytes = Math.min(fileBytes, fileBytesDone);
        fileMessages = messages;
        draw(false);
    }

    @Override
    public void fileDone(Path f, long bytes, long messages, long rejected, String error) {
        inFile = false;
        filesDone++;
        doneBytes += bytes;
        doneMessages += messages;
        fileDoneBytes = fileBytes;
        fileMessages = messages;
        if (error != null) {
            clear();
            out.println(f + ": error: " + error);
        }
        draw(true);
    }

    @Override
    public void finished() {
        draw(true);
        out.println();
        out.flush();
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        long messages = doneMessages + (inFile ? fileMessages : 0);
        long bytesNow = doneBytes + (inFile ? fileDoneBytes : 0);
        double seconds = Math.max(0.001, (now - started) / 1e9);
        String eta = bytesNow <= 0 ? "--:--" : clock((long) (seconds * (totalBytes - bytesNow) / bytesNow));
        String name = file == null ? "" : file.getFileName().toString();
        clear();
        out.print(bar(fileDoneBytes, fileBytes) + " " + shorten(name, 40) + "  " + fileMessages + " msgs\n");
        out.print(bar(bytesNow, totalBytes) + " " + filesDone + "/" + files + " files  " + messages + " msgs  "
                + String.format(Locale.ROOT, "%,.0f", messages / seconds) + " msg/s  ETA " + eta);
        out.flush();
        drawn = true;
    }

    /** Erases the two lines drawn last. */
    private void clear() {
        if (drawn) out.print("\r\033[2K\033[1A\r\033[2K");
        drawn = false;
    }

    private static String bar(long done, long total) {
        int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, WIDTH * done / total);
        int pct = total <= 0 ? 100 : (int) Math.min(100, 100 * done / total);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format(Locale.ROOT, "%3d%%", pct);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : "…" + s.substring(s.length() - max + 1);
    }

    private static String clock(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1 << 20) return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        if (n < 1L << 30) return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
        return String.format(Locale.ROOT, "%.2f GiB", n / 1073741824.0);
    }
}
