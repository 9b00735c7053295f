package dev.switchboard.run;

import java.time.Duration;

/**
 * The built-in agent: replies with the input's text, streamed word by word with {@code delay_ms} between
 * words, so demos show live output and tests can abort a run mid-output without any external program.
 */
public final class EchoAdapter implements Adapter {
    private final AgentSpec.Echo spec;

    EchoAdapter(AgentSpec.Echo spec) {
        this.spec = spec;
    }

    @Override
    public Outcome run(AdapterRun run) throws InterruptedException {
        String text = ContentText.of(run.input().path("content"));
        Duration delay = Duration.ofMillis(spec.delayMs());
        // Split after whitespace so the deltas concatenate back to exactly the input.
        for (String word : text.split("(?<=\\s)")) {
            if (!delay.isZero() && run.stop().await(delay)) return Outcome.failed("stopped");
            if (run.stop().stopped()) return Outcome.failed("stopped");
            run.out().delta(word);
        }
        return Outcome.ok();
    }
}
