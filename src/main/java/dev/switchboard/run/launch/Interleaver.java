package dev.switchboard.run.launch;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Copies the agent's stdout and stderr pipes to the launcher's own (the run's {@code stdout.log} and
 * {@code stderr.log}, opened by the server) and to one more file that holds both in the order they were read,
 * each line prefixed with {@code [stdout] } or {@code [stderr] }. The kernel keeps no order between two files,
 * so only a process reading both pipes can; the launcher already outlives a server restart, which a pipe
 * into the server would not.
 *
 * <p>Each chunk is written to its own log before anything else, unbuffered: what the server's stdout follower
 * reads is never held back by the combined file. A line one stream interrupts mid-way is ended in the combined
 * file (only there) and continued on a new prefixed line.
 */
final class Interleaver {
    private static final byte[] STDOUT = "[stdout] ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STDERR = "[stderr] ".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream combined;
    private List<Thread> copiers = List.of();
    /** The stream whose line the combined file is in the middle of (null: at the start of a line). */
    private byte[] midLine;

    private Interleaver(OutputStream combined) {
        this.combined = combined;
    }

    /** Creates (or empties) the combined file; done before the agent starts, so a failure here starts nothing. */
    static Interleaver open(Path file) throws IOException {
        return new Interleaver(new BufferedOutputStream(Files.newOutputStream(file)));
    }

    /** Starts copying the pipes of {@code agent} (started with stdout and stderr as pipes). */
    void start(Process agent) {
        copiers = List.of(
                copier("launcher-stdout", agent.getInputStream(), new FileOutputStream(FileDescriptor.out), STDOUT),
                copier("launcher-stderr", agent.getErrorStream(), new FileOutputStream(FileDescriptor.err), STDERR));
        copiers.forEach(Thread::start);
    }

    /**
     * Waits until both pipes have ended — every process holding them has exited, which is what the launcher waits
     * for anyway — at most {@code bound}, so a descendant that escaped the family can't keep the launcher alive.
     */
    void drain(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        for (Thread t : copiers) {
            long left = deadline - System.nanoTime();
            if (left > 0) t.join(Duration.ofNanos(left));
        }
        synchronized (this) {
            try {
                combined.close();
            } catch (IOException ignored) {
                // the combined log is a view; the agent's own logs are complete without it
            }
        }
    }

    private Thread copier(String name, InputStream from, OutputStream own, byte[] prefix) {
        Thread t = new Thread(() -> copy(from, own, prefix), name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Reads the pipe until every writer has closed it. A log that can't be written (a full disk) is given up, but the
     * pipe is still read to its end: an agent must never block on a pipe nobody reads.
     */
    private void copy(InputStream from, OutputStream own, byte[] prefix) {
        byte[] buf = new byte[16 * 1024];
        boolean ownBroken = false;
        boolean combinedBroken = false;
        try (from) {
            int n;
            while ((n = from.read(buf)) >= 0) {
                if (!ownBroken) {
                    try {
                        own.write(buf, 0, n);
                    } catch (IOException e) {
                        ownBroken = true;
                        System.err.println(Launcher.PREFIX + "a log of the agent stopped: " + e.getMessage());
                    }
                }
                if (combinedBroken) continue;
                try {
                    interleave(prefix, buf, n);
                } catch (IOException e) {
                    combinedBroken = true; // e.g. the disk filled up: the agent's own logs go on
                    System.err.println(Launcher.PREFIX + "the combined log stopped: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            System.err.println(Launcher.PREFIX + "reading the agent's output stopped: " + e.getMessage());
        }
    }

    private synchronized void interleave(byte[] prefix, byte[] buf, int n) throws IOException {
        if (midLine != null && midLine != prefix) {
            combined.write('\n');
            midLine = null;
        }
        int from = 0;
        while (from < n) {
            if (midLine == null) combined.write(prefix);
            int nl = indexOf(buf, from, n);
            int end = nl < 0 ? n : nl + 1;
            combined.write(buf, from, end - from);
            midLine = nl < 0 ? prefix : null;
            from = end;
        }
        combined.flush();
    }

    private static int indexOf(byte[] buf, int from, int n) {
        for (int i = from; i < n; i++) if (buf[i] == '\n') return i;
        return -1;
    }
}
