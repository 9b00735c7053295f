package dev.switchboard.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Follows a process's stdout log file ({@code tail -f}) until the process has exited and the file is read
 * to its end. Process agents write stdout straight into the file, not into a pipe: a pipe would die with
 * the server (and the agent with it, on SIGPIPE), while a file lets the agent outlive a server crash and a
 * restarted server re-attach by following the same file from a known offset.
 */
final class StdoutFollower {
    /** How long to wait for new output before checking again; bounds output latency, costs nothing idle. */
    private static final long POLL_MS = 25;
    /** A "line" longer than this is handed on in pieces, so a newline-free stream can't exhaust memory. */
    private static final int MAX_LINE = 1 << 20;

    private StdoutFollower() {}

    /**
     * Follows {@code file} from {@code fromOffset}. {@code process} null means it has already exited (read to
     * the end once); {@code detach} true stops following at once, leaving the rest for a later re-attach;
     * {@code idle} runs each time there is no new output, before waiting for more.
     */
    static void follow(Path file, long fromOffset, ProcessHandle process, StdoutProtocol protocol, BooleanSupplier detach,
            Runnable idle) throws IOException, InterruptedException {
        var line = new ByteArrayOutputStream();
        long lineStart = fromOffset;
        long pos = fromOffset;
        boolean exited = process == null;
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                if (detach.getAsBoolean()) return;
                buf.clear();
                int n = ch.read(buf, pos);
                if (n > 0) {
                    byte[] bytes = buf.array();
                    for (int i = 0; i < n; i++) {
                        byte b = bytes[i];
                        if (b == '\n' || line.size() >= MAX_LINE) {
                            long end = pos + i + (b == '\n' ? 1 : 0);
                            emit(protocol, line, lineStart, end);
                            lineStart = end;
                            if (b != '\n') line.write(b);
                        } else {
                            line.write(b);
                        }
                    }
                    pos += n;
                    continue;
                }
                if (exited) break;
                idle.run();
                exited = waitForExit(process);
            }
        }
        if (line.size() > 0) emit(protocol, line, lineStart, pos);
    }

    private static boolean waitForExit(ProcessHandle process) throws InterruptedException {
        try {
            process.onExit().get(POLL_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static void emit(StdoutProtocol protocol, ByteArrayOutputStream line, long start, long end) {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
        line.reset();
        protocol.line(text, start, end);
    }
}
