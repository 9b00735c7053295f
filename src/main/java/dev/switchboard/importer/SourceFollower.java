package dev.switchboard.importer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.json.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the configured sources at start, then follows them: one platform thread of its own (never a request
 * thread), woken by file-system events or a rescan timer, importing through the target one file at a time (so
 * the single store writer sees batches of at most a thousand messages from it, between everyone else's).
 *
 * <p>Latency: an inotify event wakes the loop at once; without a watch the sources are rescanned every
 * {@value #POLL_MILLIS} ms. Either way a file is also rescanned every {@value #RESCAN_MILLIS} ms (a lost event,
 * a directory the watch limit left out). Shutdown: {@link #close} stops the loop and waits for the file being
 * imported to finish its current batch; what it had not imported yet is imported by the next start.
 */
public final class SourceFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SourceFollower.class);
    static final long POLL_MILLIS = 500;
    static final long RESCAN_MILLIS = 30_000;
    private static final long STOP_GRACE_MILLIS = 5_000;
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final List<FollowedSource> sources = new ArrayList<>();
    private final ImportTarget target;
    private final Clock clock;
    private final DirectoryWatch watch;
    private final Thread thread;
    private volatile boolean closed;

    public SourceFollower(List<SourceSpec> specs, ImportTarget target, ImportMarks marks, Clock clock, ImportProgress progress) {
        this.target = target;
        this.clock = clock;
        for (SourceSpec s : specs) sources.add(new FollowedSource(s, marks, clock, progress));
        var followed = new ArrayList<Path>();
        specs.stream().filter(SourceSpec::follow).forEach(s -> followed.addAll(s.paths()));
        this.watch = followed.isEmpty() ? null : new DirectoryWatch(followed);
        this.thread = Thread.ofPlatform().name("source-follower").daemon(true).unstarted(this::run);
    }

    /** Starts the import and follow loop in the background. */
    public SourceFollower start() {
        if (!sources.isEmpty()) thread.start();
        return this;
    }

    /** Runs the loop on the caller's thread until interrupted (the CLI's {@code --follow}). */
    public void runHere() {
        run();
    }

    private void run() {
        for (FollowedSource s : sources) {
            if (!closed) s.sync(target, this::stopping);
        }
        boolean anyFollowed = sources.stream().anyMatch(s -> s.spec.follow());
        try {
            while (anyFollowed && !closed && !Thread.currentThread().isInterrupted()) {
                boolean changed = watch != null && watch.poll(POLL_MILLIS);
                long now = clock.millis();
                for (FollowedSource s : sources) {
                    if (closed || !s.spec.follow()) continue;
                    boolean due = changed || s.waiting() || watch == null || !watch.watching()
                            || now - s.lastSyncMillis() >= RESCAN_MILLIS;
                    if (due) s.sync(target, this::stopping);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("source follower stopped: {}", e.toString(), e);
        } finally {
            sources.forEach(FollowedSource::stopped);
        }
    }

    private boolean stopping() {
        return closed || Thread.currentThread().isInterrupted();
    }

    /** Every source's state, for {@code GET /v1/sources}. */
    public ArrayNode status() {
        ArrayNode a = Json.MAPPER.createArrayNode();
        boolean watching = watch != null && watch.watching();
        for (FollowedSource s : sources) a.add(s.status(watching));
        return a;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (watch != null) watch.close();
        if (!thread.isAlive()) return;
        try {
            // first let the file being imported finish (its batches are whole either way), then interrupt
            thread.join(STOP_GRACE_MILLIS);
            if (thread.isAlive()) thread.interrupt();
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) log.warn("source follower did not stop within {} ms", STOP_GRACE_MILLIS + STOP_WAIT_MILLIS);
    }
}
