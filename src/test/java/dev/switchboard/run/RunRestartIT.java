package dev.switchboard.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The real jar, killed with SIGKILL in the middle of runs and restarted on the same data directory:
 * a process agent that survived is re-attached and finishes (its output appended exactly once), a
 * process that died and an echo run become {@code lost} with a clear error and a {@code run.failed}
 * event, the queued run resumes, and every acknowledged message is still there.
 */
class RunRestartIT {

    @Test
    void a_server_killed_mid_run_reconciles_its_runs_on_restart_and_loses_nothing_acknowledged() throws Exception {
        Path data = Files.createTempDirectory("switchboard-kill9");
        Path config = data.resolve("switchboard.toml");
        Files.writeString(config, """
                [agents.story]
                adapter = "process"
                command = ["/bin/bash", "%s", "50", "0.25"]

                [agents.chatter]
                adapter = "process"
                command = ["/bin/bash", "%s", "500", "0.2"]

                [agents.slow-echo]
                adapter = "echo"
                delay_ms = 300
                """.formatted(RunClient.script("slow_story.sh"), RunClient.script("plain_text.sh")));

        JarServer first = JarServer.start(data, config);
        try {
            killedMidRunThenRestarted(data, config, first);
        } finally {
            first.close(); // already dead unless an assertion failed before the kill
            deleteQuietly(data);
        }
    }

    private void killedMidRunThenRestarted(Path data, Path config, JarServer first) throws Exception {
        Http api = first.admin();
        for (String key : List.of("story", "chatter", "echo")) {
            assertThat(api.post("/v1/sessions", Map.of("key", key)).status()).isEqualTo(201);
        }
        var acknowledged = new ArrayList<String>();
        for (int i = 0; i < 20; i++) {
            Response r = api.post("/v1/sessions/story/messages", Map.of("role", i % 2 == 0 ? "user" : "assistant", "content", "m" + i));
            assertThat(r.status()).isEqualTo(201);
            acknowledged.add(r.json().path("items").get(0).path("id").asText());
        }
        String story = start(api, "story", "tell me a story", "story", null);
        String queued = start(api, "story", "and then?", "echo", "enqueue");
        String chatter = start(api, "chatter", "talk", "chatter", null);
        String echo = start(api, "echo", "a b c d e f g h i j k l m n o p", "slow-echo", null);

        // Mid-run: the story has appended chapter 1 and is streaming words; the others are running.
        await().atMost(Duration.ofSeconds(20)).until(() -> texts(api, "story").contains("chapter 1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Set.of(chatter, echo).stream()
                .allMatch(id -> run(api, id).path("status").asText().equals("running") && (id.equals(echo) || run(api, id).hasNonNull("pid"))));
        long storyPid = run(api, story).path("pid").asLong();
        long chatterPid = run(api, chatter).path("pid").asLong();
        assertThat(run(api, queued).path("status").asText()).isEqualTo("queued");

        first.kill9();
        assertThat(alive(storyPid)).as("the story agent outlives the server").isTrue();
        // This one dies while nobody watches: the agent and its launcher (the run's pid on Linux), children first.
        ProcessHandle.of(chatterPid).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !alive(chatterPid));

        try (JarServer second = JarServer.start(data, config)) {
            Http api2 = second.admin();

            // Reconciled before serving: the dead process's run and the echo run are lost, with reasons.
            JsonNode lostProcess = run(api2, chatter);
            assertThat(lostProcess.path("status").asText()).isEqualTo("lost");
            assertThat(lostProcess.path("error").asText()).contains("(pid " + chatterPid + ") is no longer running");
            assertThat(texts(api2, "chatter").getLast()).startsWith("line 1\nline 2"); // its last output was kept
            JsonNode lostEcho = run(api2, echo);
            assertThat(lostEcho.path("status").asText()).isEqualTo("lost");
            assertThat(lostEcho.path("error").asText()).contains("echo runs can't continue across a restart");

            // The surviving process was re-attached and finishes; the queued run then resumes.
            JsonNode finished = await().atMost(Duration.ofSeconds(30)).until(() -> run(api2, story),
                    r -> r.path("status").asText().equals("succeeded"));
            assertThat(finished.path("exit_code").isNull()).isTrue(); // not our child any more
            JsonNode resumed = await().atMost(Duration.ofSeconds(30)).until(() -> run(api2, queued),
                    r -> r.path("status").asText().equals("succeeded"));
            assertThat(resumed.path("started_at").asText()).isGreaterThanOrEqualTo(finished.path("ended_at").asText());

            List<JsonNode> messages = messages(api2, "story");
            assertThat(messages.stream().map(m -> m.path("id").asText()).toList()).containsAll(acknowledged);
            List<String> tail = texts(api2, "story").subList(20, messages.size());
            var words = new ArrayList<String>();
            for (int i = 1; i <= 50; i++) words.add("word " + i);
            assertThat(tail).containsExactly("tell me a story", "chapter 1", "chapter 2", String.join("\n", words),
                    "and then?", "and then?");
            for (int i = 0; i < messages.size(); i++) assertThat(messages.get(i).path("seq").asLong()).isEqualTo(i + 1);

            assertThat(failedEventStatuses(data, chatter)).containsExactly("lost");
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temp directory; the OS cleans up what is left
        }
    }

    private static String start(Http api, String key, String text, String agent, String onActive) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("input", text);
        body.put("agent", agent);
        if (onActive != null) body.put("on_active", onActive);
        Response r = api.post("/v1/sessions/" + key + "/runs", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().path("id").asText();
    }

    private static JsonNode run(Http api, String id) {
        return api.get("/v1/runs/" + id).json();
    }

    private static List<JsonNode> messages(Http api, String key) {
        var out = new ArrayList<JsonNode>();
        api.get("/v1/sessions/" + key + "/messages?limit=500").json().path("items").forEach(out::add);
        return out;
    }

    private static List<String> texts(Http api, String key) {
        return messages(api, key).stream().map(m -> RunClient.text(m.path("content"))).toList();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The statuses carried by the run.failed events of a run, read straight from the event log. */
    private static List<String> failedEventStatuses(Path data, String runId) throws Exception {
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("switchboard.db"));
             var ps = conn.prepareStatement("SELECT data FROM events WHERE type = 'run.failed' AND data LIKE ?")) {
            ps.setString(1, "%" + runId + "%");
            var out = new ArrayList<String>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) out.add(dev.switchboard.json.Json.readStored(rs.getString(1)).path("status").asText());
            }
            return out;
        }
    }
}
