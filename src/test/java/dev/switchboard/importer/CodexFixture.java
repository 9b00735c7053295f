package dev.switchboard.importer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes Codex rollouts as Codex lays them out: {@code sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl}, one
 * {@code {timestamp, type, payload}} line per {@code RolloutItem} (openai/codex {@code RolloutLine}).
 */
final class CodexFixture {
    final Path home;
    final String id;
    final Path file;
    private Instant clock = Instant.parse("2025-03-04T09:00:00Z");

    CodexFixture(Path home, String id) {
        this.home = home;
        this.id = id;
        this.file = home.resolve("sessions/2025/03/04/rollout-2025-03-04T09-00-00-" + id + ".jsonl");
    }

    String key() {
        return "codex:" + id;
    }

    CodexFixture line(String type, ObjectNode payload) {
        clock = clock.plusSeconds(1);
        ObjectNode n = Json.object().put("timestamp", clock.toString()).put("type", type);
        n.set("payload", payload);
        return raw(Json.write(n));
    }

    CodexFixture raw(String text) {
        Fixtures.appendLine(file, text);
        return this;
    }

    CodexFixture meta(String parentThread) {
        ObjectNode p = Json.object().put("id", id).put("timestamp", "2025-03-04T09:00:00.000Z").put("cwd", "/home/dev/app")
                .put("originator", "codex_cli_rs").put("cli_version", "0.128.0").put("model_provider", "openai");
        if (parentThread == null) p.put("source", "cli");
        else p.putObject("source").putObject("subagent").putObject("thread_spawn").put("parent_thread_id", parentThread).put("depth", 1);
        p.putObject("git").put("branch", "main").put("commit_hash", "abc123");
        return line("session_meta", p);
    }

    CodexFixture turnContext(String model) {
        return line("turn_context", Json.object().put("cwd", "/home/dev/app").put("model", model).put("approval_policy", "on-request"));
    }

    CodexFixture message(String role, String blockType, String text) {
        ObjectNode p = Json.object().put("type", "message").put("role", role);
        p.putArray("content").addObject().put("type", blockType).put("text", text);
        return line("response_item", p);
    }

    CodexFixture reasoning(String summary) {
        ObjectNode p = Json.object().put("type", "reasoning").put("id", "rs_1");
        p.putArray("summary").addObject().put("type", "summary_text").put("text", summary);
        p.put("encrypted_content", "gAAAA");
        return line("response_item", p);
    }

    CodexFixture functionCall(String callId, String name, String arguments) {
        return line("response_item", Json.object().put("type", "function_call").put("name", name)
                .put("arguments", arguments).put("call_id", callId));
    }

    CodexFixture functionOutput(String callId, String output) {
        return line("response_item", Json.object().put("type", "function_call_output").put("call_id", callId).put("output", output));
    }

    /** {@code event_msg} {@code token_count} with cumulative totals (input includes cached, as OpenAI counts). */
    CodexFixture tokenCount(long input, long cached, long output, long reasoning) {
        ObjectNode info = Json.object();
        info.putObject("total_token_usage").put("input_tokens", input).put("cached_input_tokens", cached)
                .put("output_tokens", output).put("reasoning_output_tokens", reasoning).put("total_tokens", input + output);
        info.putObject("last_token_usage").put("input_tokens", 0).put("cached_input_tokens", 0).put("output_tokens", 0)
                .put("reasoning_output_tokens", 0).put("total_tokens", 0);
        ObjectNode p = Json.object().put("type", "token_count");
        p.set("info", info);
        return line("event_msg", p);
    }

    CodexFixture agentMessageEvent(String text) {
        return line("event_msg", Json.object().put("type", "agent_message").put("message", text));
    }

    CodexFixture compacted(String summary) {
        ObjectNode p = Json.object().put("message", summary);
        ArrayNode history = p.putArray("replacement_history");
        history.addObject().put("type", "message").put("role", "user");
        return line("compacted", p);
    }

    void threadName(String name) {
        Fixtures.appendLine(home.resolve("session_index.jsonl"), Json.write(Json.object().put("id", id)
                .put("thread_name", name).put("updated_at", "2025-03-04T09:30:00Z")));
    }
}
