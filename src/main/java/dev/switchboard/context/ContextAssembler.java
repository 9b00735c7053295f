package dev.switchboard.context;

import dev.switchboard.auth.SystemCaller;
import dev.switchboard.directive.Directive;
import dev.switchboard.directive.DirectiveBlock;
import dev.switchboard.directive.DirectiveService;
import dev.switchboard.session.ResetPolicies;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.SizedMessage;
import dev.switchboard.transcript.TokenEstimate;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Assembles the context of a session's current instance, the one place that decides what an agent sees next
 * ({@code GET /v1/sessions/{key}/context} and every run): (1) the {@link SessionBlock session context block},
 * (2) the active checkpoint's summary, (3) the messages after that checkpoint, trimmed from the oldest to the
 * token budget without splitting a tool call from its result ({@link TailSelection}), (4) pending directives.
 *
 * <p>Cost: one session row, one checkpoint lookup, two running-total lookups and the tail it returns; token
 * estimates are stored with each message ({@link TokenEstimate}), so nothing is counted here. It reads inside one
 * read transaction (a snapshot), so every part is of the same moment.
 */
public final class ContextAssembler {
    /** Messages a run's context holds when its agent sets no limit of its own. */
    public static final int RUN_MESSAGES = 200;

    private final Database db;
    private final ContextStore store;
    private final ContextCheckpoints checkpoints;
    private final SessionService sessions;
    private final DirectiveService directives;
    private final ResetPolicies policies;
    private final SessionBlock block;
    private final long defaultMaxTokens;
    private final int defaultMaxMessages;

    public ContextAssembler(Database db, ContextStore store, ContextCheckpoints checkpoints, SessionService sessions,
                            DirectiveService directives, ResetPolicies policies, SessionBlock block, long defaultMaxTokens,
                            int defaultMaxMessages) {
        this.db = db;
        this.store = store;
        this.checkpoints = checkpoints;
        this.sessions = sessions;
        this.directives = directives;
        this.policies = policies;
        this.block = block;
        this.defaultMaxTokens = defaultMaxTokens;
        this.defaultMaxMessages = defaultMaxMessages;
    }

    /** Budgets: null means the configured default ({@code [context] max_tokens}, {@code max_messages}). */
    public record Budget(Long maxTokens, Integer maxMessages, boolean withDirectives) {}

    public long defaultMaxTokens() {
        return defaultMaxTokens;
    }

    public int defaultMaxMessages() {
        return defaultMaxMessages;
    }

    /**
     * The context a run of {@code key} hands its agent: like {@code GET …/context} but without pending directives
     * (the run delivers those with its input) and at most {@code maxMessages} messages.
     */
    public AssembledContext forRun(String key, int maxMessages) {
        return db.read(tx -> assemble(tx, sessions.requireReadable(tx, SystemCaller.INSTANCE, key),
                new Budget(null, Math.min(maxMessages, defaultMaxMessages), false)));
    }

    /** The context of {@code session} (read in {@code tx}) within {@code budget}. */
    public AssembledContext assemble(Tx tx, Session session, Budget budget) throws SQLException {
        long maxTokens = budget.maxTokens() != null ? budget.maxTokens() : defaultMaxTokens;
        int maxMessages = budget.maxMessages() != null ? budget.maxMessages() : defaultMaxMessages;
        String instance = session.id();
        String system = block.render(session, zone(session));
        Optional<ContextCheckpoint> cp = checkpoints.active(tx, instance);
        List<Directive> pending = budget.withDirectives() ? directives.pending(tx, session) : List.of();
        long systemTokens = TokenEstimate.ofText(system);
        long summaryTokens = cp.map(ContextCheckpoint::summaryTokens).orElse(0L);
        long directiveTokens = TokenEstimate.ofText(DirectiveBlock.render(pending));
        long fixed = systemTokens + summaryTokens + directiveTokens;

        ContextStore.InstanceTail tail = store.tail(tx, instance);
        long fromSeq = cp.map(ContextCheckpoint::firstKeptSeq).orElse(1L);
        List<SizedMessage> picked = TailSelection.select(tx, store, instance, fromSeq, tail.lastSeq(),
                Math.max(0, maxTokens - fixed), maxMessages);
        long messageTokens = picked.stream().mapToLong(SizedMessage::tokens).sum();
        long firstPicked = picked.isEmpty() ? tail.lastSeq() + 1 : picked.getFirst().seq();
        AssembledContext.Omitted omitted = null;
        if (firstPicked > fromSeq) {
            long before = store.tokensThrough(tx, instance, fromSeq - 1);
            long upTo = store.tokensThrough(tx, instance, firstPicked - 1);
            omitted = new AssembledContext.Omitted(firstPicked - fromSeq, upTo - before, fromSeq, firstPicked - 1);
        }
        AssembledContext.Summary summary = cp.filter(c -> c.summary() != null).map(c -> new AssembledContext.Summary(
                c.id(), "system", c.summary(), new AssembledContext.Covers(c.fromSeq(), c.toSeq()))).orElse(null);
        var tokens = new AssembledContext.Tokens(systemTokens, summaryTokens, messageTokens, directiveTokens,
                fixed + messageTokens, maxTokens);
        List<Message> messages = picked.stream().map(SizedMessage::message).toList();
        return new AssembledContext(session.key(), instance, system, summary, cp.orElse(null), messages, pending, omitted,
                tokens, tail.lastSeq());
    }

    /** The time zone of the session's reset policy (where its days start), UTC without a source. */
    private ZoneId zone(Session s) {
        var src = s.source();
        if (src == null || src.platform() == null || src.chatType() == null) return ZoneId.of("UTC");
        return policies.forSource(src).timeZone();
    }
}
