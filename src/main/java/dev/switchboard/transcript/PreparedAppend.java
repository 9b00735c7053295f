package dev.switchboard.transcript;

import dev.switchboard.json.Json;
import dev.switchboard.session.LastMessage;
import dev.switchboard.session.UsageTotals;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What an append can compute before it reaches the single writer: everything that depends on the messages and
 * nothing that depends on the session's state. Token estimates, usage sums, the last message's preview text (a
 * parse of its content) and each message's JSON except the fields the writer assigns ({@code seq}, {@code id},
 * {@code instance}) are done on the request's thread; the writer only splices those in ({@link #json}), which is
 * what keeps its share of an append to binding and executing statements (issue 17's first lever).
 *
 * @param now          the append's time: message {@code created_at} (unless given) and the session's activity
 * @param items        the messages in order
 * @param added        the batch's usage, summed into the instance
 * @param lastPrompt   the prompt size the newest message that reported one had (0: none did)
 * @param lastMessage  {@link LastMessage}'s JSON of the batch's last message, without its {@code seq}
 */
public record PreparedAppend(Instant now, List<Item> items, UsageTotals added, long lastPrompt, String lastMessage) {
    /** A message's JSON as {@link Json#write} writes a {@link Message} with these fields: the part before role. */
    private static final String PLACEHOLDER_HEAD = "{\"seq\":0,\"id\":\"\",\"instance\":\"\",";

    /** One message: its input, time, estimated tokens and JSON from {@code "role"} on. */
    public record Item(NewMessage message, Instant createdAt, long tokens, String jsonTail) {}

    public static PreparedAppend of(List<NewMessage> batch, Instant now) {
        var items = new ArrayList<Item>(batch.size());
        UsageTotals added = UsageTotals.ZERO;
        long lastPrompt = 0;
        for (NewMessage m : batch) {
            Instant at = m.createdAt() != null ? m.createdAt().truncatedTo(ChronoUnit.MILLIS) : now;
            String full = Json.write(new Message(0, "", "", m.role(), m.content(), m.name(), m.toolCallId(), m.toolCalls(),
                    m.usage(), m.metadata(), at));
            if (!full.startsWith(PLACEHOLDER_HEAD)) throw new IllegalStateException("unexpected message JSON: " + full);
            items.add(new Item(m, at, TokenEstimate.of(m), full.substring(PLACEHOLDER_HEAD.length())));
            added = added.plus(m.usageTotals());
            UsageTotals u = m.usageTotals();
            long prompt = u == null ? 0 : u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens();
            if (prompt > 0) lastPrompt = prompt;
        }
        NewMessage last = batch.getLast();
        String lastMessage = LastMessage.withoutSeq(last.role(), MessageText.of(last.content(), last.toolCalls()),
                items.getLast().createdAt());
        return new PreparedAppend(now, List.copyOf(items), added, lastPrompt, lastMessage);
    }

    /** The message's JSON, exactly {@code Json.write(message)}, from the writer's fields and the prepared rest. */
    static String json(long seq, String id, String instance, Item item) {
        // id and instance are ULIDs this server made (Crockford base 32): nothing in them needs escaping.
        return "{\"seq\":" + seq + ",\"id\":\"" + id + "\",\"instance\":\"" + instance + "\"," + item.jsonTail();
    }
}
