package dev.switchboard.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams the complete lines of a JSONL file from a byte offset, in a buffer of bounded size: memory does
 * not grow with the file, only with its longest line (capped at {@link #MAX_LINE}). A last line without
 * its newline is a line still being written: it is not handed over, and {@link #read} returns its start,
 * so the next read begins there.
 */
final class JsonLines {
    /** Longer lines are reported and skipped rather than buffered: a 64 MiB line is already a broken file. */
    static final int MAX_LINE = 64 << 20;
    private static final int CHUNK = 1 << 20;

    /** One complete line; {@code bytes[start, start+length)} is only valid during the call. */
    @FunctionalInterface
    interface Handler {
        /** @return false to stop reading after this line */
        boolean line(long number, long offset, byte[] bytes, int start, int length) throws IOException;
    }

    /** A line that is too long to buffer: reported to the handler's owner, never handed over. */
    @FunctionalInterface
    interface Oversized {
        void line(long number, long offset, long length);
    }

    private JsonLines() {}

    /**
     * Reads complete lines from {@code offset}, numbering them from {@code firstLine}.
     *
     * @return the offset just after the last complete line handed over (or skipped): where to continue
     */
    static long read(Path file, long offset, long firstLine, Handler handler, Oversized oversized) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ch, offset, firstLine, handler, oversized);
        }
    }

    private static long read(FileChannel ch, long offset, long firstLine, Handler handler, Oversized oversized)
            throws IOException {
        byte[] buf = new byte[CHUNK];
        int filled = 0;          // bytes of buf holding file data starting at bufStart
        long bufStart = offset;  // file offset of buf[0]
        long line = firstLine;
        boolean skipping = false; // inside an oversized line: drop bytes until its newline
        long skipStart = 0;
        long position = offset;
        while (true) {
            if (filled == buf.length) {
                if (buf.length >= MAX_LINE) {
                    if (!skipping) skipStart = bufStart;
                    skipping = true;
                    bufStart += filled;
                    filled = 0;
                } else {
                    buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
                }
            }
            int n = ch.read(ByteBuffer.wrap(buf, filled, buf.length - filled), position);
            if (n <= 0) return skipping ? skipStart : bufStart;
            position += n;
            int scanFrom = filled;
            filled += n;
            int lineStart = 0;
            for (int i = scanFrom; i < filled; i++) {
                if (buf[i] != '\n') continue;
                if (skipping) {
                    oversized.line(line, skipStart, bufStart + i - skipStart);
                    skipping = false;
                } else {
                    int end = i > lineStart && buf[i - 1] == '\r' ? i - 1 : i;
                    if (!handler.line(line, bufStart + lineStart, buf, lineStart, end - lineStart)) {
                        return bufStart + i + 1;
                    }
                }
                line++;
                lineStart = i + 1;
            }
            // keep the incomplete tail at the front of the buffer
            System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
            bufStart += lineStart;
            filled -= lineStart;
        }
    }

    /** A line's source id for formats without ids: the FNV-1a hash of its bytes, stable while the file is appended to. */
    static String lineId(byte[] b, int s, int len) {
        long h = 0xcbf29ce484222325L;
        for (int i = s; i < s + len; i++) h = (h ^ (b[i] & 0xff)) * 0x100000001b3L;
        return String.format("%016x", h);
    }

    /** Whether the line at {@code known}'s offset is still the line that was imported (its {@link #lineId}). */
    static boolean isAt(Path file, SourceRef known) throws IOException {
        String[] id = {null};
        read(file, known.offset(), known.line(), (n, off, b, s, len) -> {
            id[0] = lineId(b, s, len);
            return false;
        }, (n, off, len) -> { });
        return known.id().equals(id[0]);
    }

    /** True when the line holds nothing but whitespace. */
    static boolean blank(byte[] b, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (b[i] != ' ' && b[i] != '\t') return false;
        }
        return true;
    }

    /** A parsed line, and whether invalid UTF-8 in it had to be replaced (U+FFFD) to read it. */
    record Parsed(ObjectNode node, boolean repaired) {}

    /** A line that is not a JSON object; the message says why, for the report. */
    static final class BadLine extends Exception {
        BadLine(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * Parses one line as a JSON object. Invalid UTF-8 does not lose the line: it is decoded with replacement
     * characters and parsed again, and the result says so.
     */
    static Parsed parse(byte[] b, int start, int length) throws BadLine {
        try {
            return new Parsed(object(Json.MAPPER.readTree(b, start, length)), false);
        } catch (JsonProcessingException e) {
            if (validUtf8(b, start, length)) throw new BadLine("malformed JSON: " + brief(e));
        } catch (IOException e) {
            throw new BadLine("unreadable: " + e.getMessage());
        }
        String repaired = new String(b, start, length, StandardCharsets.UTF_8); // replaces invalid sequences
        try {
            return new Parsed(object(Json.MAPPER.readTree(repaired)), true);
        } catch (JsonProcessingException e) {
            throw new BadLine("malformed JSON (and invalid UTF-8): " + brief(e));
        }
    }

    private static ObjectNode object(JsonNode node) throws JsonProcessingException {
        if (node instanceof ObjectNode o) return o;
        throw new JsonProcessingException("not a JSON object") {};
    }

    private static String brief(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m.length() > 120 ? m.substring(0, 120) + "…" : m;
    }

    static boolean validUtf8(byte[] b, int start, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, start, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
