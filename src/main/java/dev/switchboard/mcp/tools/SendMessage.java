package dev.switchboard.mcp.tools;

import dev.switchboard.event.EventFilter;
import dev.switchboard.event.EventService;
import dev.switchboard.event.EventStream;
import dev.switchboard.paging.Page;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.run.Run;
import dev.switchboard.run.RunService;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.MessageQuery;
import dev.switchboard.transcript.TranscriptService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code send_message}: {@code POST /v1/sessions/{key}/runs} (start a run with {@code on_active}); with
 * {@code wait_seconds}, waits for the run to end and answers with the messages after its input (the agent's answer).
 *
 * <p>The wait listens to the event log, subscribed <em>before</em> the run is sent, so a run that ends at once is not
 * missed; it is bounded by {@code wait_seconds} (at most {@link #MAX_WAIT_SECONDS}). A run still going then is
 * answered as it is; {@code get_run} and {@code read_transcript} follow it up.
 */
final class SendMessage implements Tool {
    static final int MAX_WAIT_SECONDS = 300;
    private static final EventFilter RUN_ENDS = new EventFilter(List.of("run.completed", "run.failed", "run.aborted"),
            List.of(), List.of(), List.of());

    private final RunService runs;
    private final TranscriptService transcripts;
    private final EventService events;

    SendMessage(RunService runs, TranscriptService transcripts, EventService events) {
        this.runs = runs;
        this.transcripts = transcripts;
        this.events = events;
    }

    @Override public String name() { return "send_message"; }

    @Override public boolean readOnly() { return false; }

    @Override
    public ToolResult call(ToolCall call) throws InterruptedException {
        String key = call.key();
        int wait = call.args().integer("wait_seconds", 0, MAX_WAIT_SECONDS).orElse(0L).intValue();
        call.args().check();
        var body = call.body("key", "wait_seconds", "limit");
        if (wait == 0) return answer(call, runs.send(call.caller(), key, body), call.limit());
        var filter = new EventFilter(RUN_ENDS.types(), key, null, null);
        try (EventStream ends = events.open(call.caller(), filter, null, "mcp")) {
            Run sent = runs.send(call.caller(), key, body);
            RunEnd.await(ends, sent.id(), Duration.ofSeconds(wait));
            return answer(call, runs.get(call.caller(), sent.id()), call.limit());
        }
    }

    /** The run, and once it ended, up to {@code limit} messages after its input (null without transcripts:read). */
    private ToolResult answer(ToolCall call, Run run, int limit) {
        Page<Message> answer = null;
        if (run.status().terminal() && run.inputSeq() != null) {
            try {
                answer = transcripts.list(call.caller(), run.key(),
                        new MessageQuery(run.instance(), run.inputSeq(), null, limit, false, null));
            } catch (ProblemException e) {
                if (e.type() != ProblemType.FORBIDDEN) throw e; // a token that may run but not read gets the run only
            }
        }
        var structured = new LinkedHashMap<String, Object>();
        structured.put("run", run);
        structured.put("answer", answer);
        String text = Texts.run(run) + (answer == null ? "" : "\nanswer:\n" + Texts.messages(answer.items())
                + Texts.more(answer.nextCursor()));
        if (answer == null) return ToolResult.of(structured, text);
        return ToolResult.page(structured, text, answer.items().size(), n -> answer(call, run, n));
    }

}
