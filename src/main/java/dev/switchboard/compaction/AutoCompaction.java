package dev.switchboard.compaction;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.event.Event;
import dev.switchboard.event.EventHub;
import dev.switchboard.event.EventType;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic compaction ({@code [compaction] auto = true}): a session whose context is over a threshold —
 * {@code max_messages}, {@code max_context_tokens} (estimated), or more than {@code age_min_messages} messages with
 * the oldest older than {@code max_age} — is compacted with {@code auto_strategy}. Checked after each run of the
 * session ends ({@code run.completed|failed|aborted}, through a bounded queue on a thread of its own: a hub listener
 * must not block) and for every session by the background check ({@link #sweep}, {@code [compaction] check_every}).
 *
 * <p>One attempt per threshold crossing, never a loop: after an automatic checkpoint, the next automatic one waits
 * until {@code keep_last} new messages have arrived (a kept tail that alone is over the threshold is summarized at
 * most once per {@code keep_last} messages); after a failed attempt the next waits 1 min, doubling up to 1 h per
 * consecutive failure. The backoff is derived from the checkpoints table (failed automatic checkpoints are rows), so it
 * survives restarts and costs no memory per session. Every decision is counted in
 * {@code switchboard_compaction_auto_checks_total{decision}}; failures also emit {@code compaction.failed}.
 */
public final class AutoCompaction implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AutoCompaction.class);
    private static final int QUEUE = 1_024;
    private static final int PAGE = 500;
    static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final Set<EventType> RUN_ENDS = Set.of(EventType.RUN_COMPLETED, EventType.RUN_FAILED, EventType.RUN_ABORTED);

    private final Database db;
    private final CheckpointStore checkpoints;
    private final CompactionService service;
    private final SwitchboardConfig.Compaction config;
    private final CompactionMetrics metrics;
    private final Clock clock;
    private final BlockingQueue<String> pending = new ArrayBlockingQueue<>(QUEUE);
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final AutoCloseable subscription;
    private final Thread worker;
    private volatile boolean closed;

    public AutoCompaction(Database db, CheckpointStore checkpoints, CompactionService service,
                          SwitchboardConfig.Compaction config, EventHub hub, Clock clock) {
        this.db = db;
        this.checkpoints = checkpoints;
        this.service = service;
        this.config = config;
        this.metrics = service.metrics();
        this.clock = clock;
        if (!config.auto()) {
            this.subscription = () -> { };
            this.worker = null;
            return;
        }
        this.subscription = hub.subscribe(new EventHub.Listener() {
            @Override
            public void onEvents(List<Event> events) {
                for (Event e : events) if (RUN_ENDS.contains(e.eventType()) && e.key() != null) enqueue(e.key());
            }

            @Override
            public void onGap() {
                // a missed run end is caught by the next background check
            }
        });
        this.worker = Thread.ofVirtual().name("auto-compaction").start(this::work);
    }

    private void enqueue(String key) {
        // Never blocks the hub's dispatcher: a full queue drops the key (the background check covers it).
        if (queued.add(key) && !pending.offer(key)) {
            queued.remove(key);
            metrics.autoDecision("dropped");
        }
    }

    private void work() {
        while (!closed) {
            try {
                String key = pending.poll(1, TimeUnit.SECONDS);
                if (key == null) continue;
                queued.remove(key);
                db.read(tx -> checkpoints.contextSize(tx, key)).ifPresent(this::consider);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("automatic compaction check failed: {}", e.toString());
            }
        }
    }

    /** The background check: orphaned compactions, then (with {@code auto}) every session, a page at a time. */
    public void sweep() {
        service.reapOrphans();
        if (!config.auto()) return;
        String after = "";
        long minMessages = (long) config.keepLast() + config.minMessages();
        while (!closed) {
            String from = after;
            List<CheckpointStore.ContextSize> page = db.read(tx -> checkpoints.contextSizes(tx, from, minMessages, PAGE));
            page.forEach(this::consider);
            if (page.size() < PAGE) return;
            after = page.getLast().key();
        }
    }

    private void consider(CheckpointStore.ContextSize c) {
        if (over(c) == null) return;
        String wait = gate(c);
        if (wait != null) {
            metrics.autoDecision(wait);
            return;
        }
        try {
            Checkpoint cp = service.compactAuto(c.key());
            metrics.autoDecision("started");
            log.info("automatic compaction {} of {} ({}: {} messages, ~{} tokens)", cp.id(), c.key(), over(c), c.messages(), c.tokens());
        } catch (ProblemException e) {
            metrics.autoDecision(e.type() == ProblemType.NOTHING_TO_COMPACT ? "nothing_to_compact" : "busy");
        }
    }

    /** The threshold the context is over, or null. */
    String over(CheckpointStore.ContextSize c) {
        if (c.messages() > config.maxMessages()) return "max_messages";
        if (c.tokens() > config.maxContextTokens()) return "max_context_tokens";
        boolean old = c.oldest() != null && c.oldest().isBefore(clock.instant().minus(config.maxAge()));
        if (c.messages() > config.ageMinMessages() && old) return "max_age";
        return null;
    }

    /** Why not to try now (backoff, same_crossing, busy), or null. */
    private String gate(CheckpointStore.ContextSize c) {
        List<Checkpoint> recent = db.read(tx -> checkpoints.recentAuto(tx, c.instanceId(), 16));
        if (recent.isEmpty()) return null;
        Checkpoint last = recent.getFirst();
        if (last.status() == CheckpointStatus.RUNNING) return "busy";
        if (last.status() == CheckpointStatus.FAILED) {
            int failures = (int) recent.stream().takeWhile(cp -> cp.status() == CheckpointStatus.FAILED).count();
            Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 6));
            if (backoff.compareTo(MAX_BACKOFF) > 0) backoff = MAX_BACKOFF;
            Instant at = last.completedAt() != null ? last.completedAt() : last.createdAt();
            return clock.instant().isBefore(at.plus(backoff)) ? "backoff" : null;
        }
        return c.lastSeq() < last.keptToSeq() + config.keepLast() ? "same_crossing" : null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            subscription.close();
        } catch (Exception ignored) {
            // removing a listener can't fail in a way that matters at shutdown
        }
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
