package dev.switchboard.run;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What an agent definition configures, one record per adapter (API.md "Runs, agents, directives").
 * Closed: {@link Adapters} switches over it exhaustively, so a new adapter can't be half-wired.
 */
public sealed interface AgentSpec {
    /** The {@code adapter} name clients send. */
    String adapter();

    /** How many runs of this agent may execute at once (further runs wait, queued). */
    int maxConcurrent();

    /** Stop the run after this long (SIGTERM, then SIGKILL for processes). */
    Duration timeout();

    /** Built in: replies with the input's text, word by word, {@code delayMs} apart (demos and tests). */
    record Echo(long delayMs, int maxConcurrent, Duration timeout) implements AgentSpec {
        public String adapter() { return "echo"; }
    }

    /**
     * A local program, started from an argv list (never through a shell).
     *
     * @param command     argv; an element containing {@code {prompt}} gets the prompt in place of it
     * @param workdir     working directory (null: the server's)
     * @param env         names of the server's environment variables the process may see (the allow-list)
     * @param inputFormat how the input reaches stdin: {@code text} (prompt, then EOF) or {@code jsonl}
     *                    (one JSON line, stdin kept open for live directives)
     * @param grace       time between SIGTERM and SIGKILL when stopping
     * @param firstRunArgs appended to {@code command} on the first run of an {@code agent_session_id} (e.g.
     *                    {@code ["--session-id", "{agent_session_id}"]}), {@code resumeArgs} on every later one
     *                    ({@code ["--resume", "{agent_session_id}"]}); see {@link Launch}
     * @param workdirRoots directories inside which a run may choose its own {@code workdir} (empty: it may not)
     * @param expectsReport relative path of the file each run must write (null: none), see {@link RunOptions}
     */
    record Process(List<String> command, String workdir, List<String> env, String inputFormat, Duration timeout,
                   Duration grace, int maxConcurrent, List<String> firstRunArgs, List<String> resumeArgs,
                   List<String> workdirRoots, String expectsReport) implements AgentSpec {
        public String adapter() { return "process"; }

        public boolean promptInArgv() {
            return command.stream().anyMatch(a -> a.contains("{prompt}"));
        }

        public boolean jsonl() {
            return "jsonl".equals(inputFormat);
        }
    }

    /**
     * An OpenAI-compatible chat completions endpoint, streamed. The API key is read from the server's
     * environment variable {@code apiKeyEnv} at run time, so it is never stored or returned.
     */
    record Http(URI endpoint, String model, String apiKeyEnv, String systemPrompt, int maxContextMessages,
                Duration timeout, int maxConcurrent) implements AgentSpec {
        public String adapter() { return "http"; }
    }
}
