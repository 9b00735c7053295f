package dev.switchboard.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The last lines of a (possibly huge, possibly growing) log file, read backwards from its end. */
final class LogTail {
    private static final int CHUNK = 8 * 1024;
    /** Never return more than this, however long the lines: the endpoint's answer must stay bounded. */
    static final long MAX_BYTES = 8L << 20;

    private LogTail() {}

    static String lastLines(Path file, int lines) throws IOException {
        return lastLines(file, lines, MAX_BYTES);
    }

    /** The last {@code lines} lines, at most the last {@code maxBytes} bytes (cut at a character, never inside one). */
    static String lastLines(Path file, int lines, long maxBytes) throws IOException {
        try (var raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            long pos = end;
            int newlines = 0;
            // A trailing newline ends the last line; it doesn't start an empty one.
            if (end > 0) {
                raf.seek(end - 1);
                if (raf.read() == '\n') newlines = -1;
            }
            byte[] buf = new byte[CHUNK];
            long start = 0;
            outer:
            while (pos > 0) {
                int n = (int) Math.min(CHUNK, pos);
                pos -= n;
                raf.seek(pos);
                raf.readFully(buf, 0, n);
                for (int i = n - 1; i >= 0; i--) {
                    if (buf[i] == '\n' && ++newlines == lines) {
                        start = pos + i + 1;
                        break outer;
                    }
                }
            }
            start = Math.max(start, end - Math.min(maxBytes, MAX_BYTES));
            byte[] out = new byte[(int) (end - start)];
            raf.seek(start);
            raf.readFully(out);
            int from = 0;
            while (from < out.length && (out[from] & 0xC0) == 0x80) from++; // UTF-8 continuation bytes of a cut character
            return new String(out, from, out.length - from, StandardCharsets.UTF_8);
        }
    }
}
