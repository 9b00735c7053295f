package dev.switchboard.run;

import dev.switchboard.directive.Directive;
import dev.switchboard.event.Event;
import dev.switchboard.event.EventHub;
import dev.switchboard.event.EventType;
import dev.switchboard.json.Json;
import dev.switchboard.session.Session;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live directive delivery: a directive created while a {@code jsonl} process agent runs goes to its stdin, in
 * commit order, through the run's {@link DirectiveFeed}. This listener runs on the hub's one dispatcher thread,
 * which every live subscriber waits on: it only reads the event and queues it, never writes or blocks.
 */
final class LiveDirectives implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveDirectives.class);

    private final Executions executions;
    private final AutoCloseable subscription;

    LiveDirectives(EventHub hub, Executions executions) {
        this.executions = executions;
        this.subscription = hub.subscribe(new EventHub.Listener() {
            @Override
            public void onEvents(List<Event> committed) {
                committed.forEach(LiveDirectives.this::onEvent);
            }

            @Override
            public void onGap() {
                // Nothing is lost: an undelivered directive stays pending and goes with its session's next input.
                log.warn("live event dispatch dropped events: directives created meanwhile reach running agents "
                        + "with their next input instead of at once");
            }
        });
    }

    private void onEvent(Event e) {
        if (e.eventType() != EventType.DIRECTIVE_CREATED || executions.isEmpty()) return;
        Directive d;
        try {
            d = Json.MAPPER.readValue(e.data(), Directive.class);
        } catch (IOException ex) {
            log.warn("live delivery of directive event {} failed: {}", e.seq(), ex.toString());
            return;
        }
        for (Executions.Execution x : executions.all()) {
            if (!(x.adapter() instanceof ProcessAdapter p) || !p.acceptsLiveInput()) continue;
            Session s = x.session();
            boolean addressed = d.sessionKey() != null ? d.sessionKey().equals(s.key())
                    : d.target().matches(s.channel(), s.agent());
            if (addressed) x.feed().offer(d);
        }
    }

    /** Stops listening; a directive created from now on waits for its session's next input. */
    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception ignored) {
            // removing a listener can't fail in a way that matters at shutdown
        }
    }
}
