package dev.switchboard.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /v1/events} over a real HTTP connection: framing, resume, filters, grants, keep-alive. */
@EachStore
class EventStreamApiTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("events.keep_alive", "1s"));
    static Http api;

    @BeforeEachStore
    static void start() {
        api = server.admin();
    }


    static SseClient stream(String query) {
        return stream(query, server.adminToken());
    }

    static SseClient stream(String query, String token) {
        SseClient sse = SseClient.connect(server.url() + "/v1/events" + query, token, null);
        assertThat(sse.status()).as("stream status").isEqualTo(200);
        return sse;
    }

    /** Creates a session whose channel is {@code channel} (the platform part of a routing-shaped key). */
    static String session(String channel, String id) {
        String key = "agent:main:" + channel + ":dm:" + id;
        assertThat(api.post("/v1/sessions", Map.of("key", key)).status()).isEqualTo(201);
        return key;
    }

    static void message(String key, String text) {
        assertThat(api.post("/v1/sessions/" + Http.seg(key) + "/messages", Map.of("role", "user", "content", text)).status())
                .isEqualTo(201);
    }

    /** Events up to and including the first one about {@code markerKey}. */
    static List<SseClient.Event> until(SseClient sse, String markerKey) {
        var seen = new ArrayList<SseClient.Event>();
        while (true) {
            SseClient.Event e = sse.next();
            seen.add(e);
            if (markerKey.equals(e.json().path("key").asText())) return seen;
        }
    }

    static List<String> keys(List<SseClient.Event> events) {
        return events.stream().map(e -> e.json().path("key").asText()).toList();
    }

    @Test
    void each_event_carries_its_seq_as_id_its_type_and_the_full_session_or_message() {
        long head = CommittedEvents.head(server.db());
        try (var sse = stream("?after=" + head)) {
            api.post("/v1/sessions", Map.of("key", "agent:main:telegram:dm:fmt", "title", "Format"));
            message("agent:main:telegram:dm:fmt", "hello");

            var created = sse.next();
            assertThat(created.event()).isEqualTo("session.created");
            assertThat(created.seq()).isGreaterThan(head);
            var json = created.json();
            assertThat(json.path("seq").asLong()).isEqualTo(created.seq());
            assertThat(json.path("type").asText()).isEqualTo("session.created");
            assertThat(json.path("key").asText()).isEqualTo("agent:main:telegram:dm:fmt");
            assertThat(json.path("channel").asText()).isEqualTo("telegram");
            assertThat(json.path("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(json.path("data").path("title").asText()).isEqualTo("Format");
            assertThat(json.path("data").path("version").asLong()).isEqualTo(1);
            assertThat(json.has("agent")).as("agent is internal").isFalse();

            var appended = sse.next();
            assertThat(appended.event()).isEqualTo("message.appended");
            assertThat(appended.seq()).isEqualTo(created.seq() + 1);
            assertThat(appended.json().path("data").path("content").asText()).isEqualTo("hello");
            assertThat(appended.json().path("data").path("seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void response_is_an_uncached_event_stream() {
        try (var sse = stream("")) {
            assertThat(sse.header("Content-Type")).startsWith("text/event-stream");
            assertThat(sse.header("Cache-Control")).contains("no-cache");
        }
    }

    @Test
    void without_a_position_the_stream_starts_live_from_now() {
        session("telegram", "before-live");
        try (var sse = stream("")) {
            String after = session("telegram", "after-live");
            assertThat(sse.next().json().path("key").asText()).isEqualTo(after);
        }
    }

    @Test
    void after_replays_what_was_missed_then_continues_live() {
        long head = CommittedEvents.head(server.db());
        String first = session("telegram", "replay-1");
        String second = session("telegram", "replay-2");
        try (var sse = stream("?after=" + head)) {
            assertThat(sse.next().json().path("key").asText()).isEqualTo(first);
            assertThat(sse.next().json().path("key").asText()).isEqualTo(second);
            String third = session("telegram", "replay-3");
            assertThat(sse.next().json().path("key").asText()).isEqualTo(third);
        }
    }

    @Test
    void after_zero_replays_the_whole_log_while_nothing_was_pruned() {
        try (var sse = stream("?after=0")) {
            var first = sse.next();
            assertThat(first.event()).as("no reset: retention has not pruned anything").isNotEqualTo("reset");
            assertThat(first.seq()).isEqualTo(1);
        }
    }

    @Test
    void last_event_id_wins_over_after_as_an_event_source_reconnecting_sends_both() {
        long head = CommittedEvents.head(server.db());
        session("telegram", "resume-1");
        String second = session("telegram", "resume-2");
        try (var sse = SseClient.connect(server.url() + "/v1/events?after=0", server.adminToken(), Long.toString(head + 1))) {
            assertThat(sse.next().json().path("key").asText()).isEqualTo(second);
        }
    }

    @Test
    void types_filter_matches_type_prefixes_in_replay_and_live() {
        long head = CommittedEvents.head(server.db());
        String key = session("telegram", "types-1");
        message(key, "replayed");
        try (var sse = stream("?types=message.,session.ended&after=" + head)) {
            api.patch("/v1/sessions/" + Http.seg(key), Map.of("title", "not a message"));
            message(key, "live");
            api.post("/v1/sessions/" + Http.seg(key) + "/end", Map.of());
            var types = List.of(sse.next().event(), sse.next().event(), sse.next().event());
            assertThat(types).containsExactly("message.appended", "message.appended", "session.ended");
            assertThat(sse.next(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void a_type_prefix_that_matches_no_event_type_is_rejected() {
        try (var sse = SseClient.connect(server.url() + "/v1/events?types=sesion.", server.adminToken(), null)) {
            Response r = sse.errorResponse();
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.problem()).isEqualTo("validation");
            assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("types");
        }
    }

    @Test
    void a_malformed_position_is_rejected() {
        try (var sse = SseClient.connect(server.url() + "/v1/events?after=yesterday", server.adminToken(), null)) {
            assertThat(sse.errorResponse().status()).isEqualTo(422);
        }
    }

    @Test
    void session_filter_delivers_only_that_session() {
        long head = CommittedEvents.head(server.db());
        String mine = session("telegram", "only-mine");
        session("telegram", "not-mine-1");
        try (var sse = stream("?session=" + Http.seg(mine) + "&after=" + head)) {
            session("telegram", "not-mine-2");
            message(mine, "live");
            var seen = List.of(sse.next(), sse.next());
            assertThat(keys(seen)).containsOnly(mine);
            assertThat(seen.get(1).event()).isEqualTo("message.appended");
            assertThat(sse.next(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void channel_filter_delivers_only_that_channel() {
        long head = CommittedEvents.head(server.db());
        String replayed = session("slack", "ch-1");
        session("telegram", "ch-2");
        try (var sse = stream("?channel=slack&after=" + head)) {
            session("telegram", "ch-3");
            String marker = session("slack", "ch-marker");
            var seen = until(sse, marker);
            assertThat(keys(seen)).containsExactly(replayed, marker);
        }
    }

    @Test
    void exclude_channel_leaves_out_that_channel_and_keeps_everything_else() {
        long head = CommittedEvents.head(server.db());
        String replayedSlack = session("slack", "ex-1");
        session("telegram", "ex-2");
        api.post("/v1/sessions", Map.of("key", "no-channel-ex"));
        try (var sse = stream("?exclude_channel=telegram&after=" + head)) {
            session("telegram", "ex-3");
            message("agent:main:telegram:dm:ex-2", "excluded too");
            String marker = session("slack", "ex-marker");
            var seen = until(sse, marker);
            assertThat(keys(seen)).containsExactly(replayedSlack, "no-channel-ex", marker);
            assertThat(seen).noneMatch(e -> "telegram".equals(e.json().path("channel").asText()));
        }
    }

    @Test
    void a_token_receives_only_events_inside_its_grants() {
        String token = server.token("slack-reader", List.of("sessions:read"), Map.of("channels", List.of("slack")));
        long head = CommittedEvents.head(server.db());
        session("telegram", "grant-1");
        String slack = session("slack", "grant-2");
        try (var sse = stream("?after=" + head, token)) {
            message(slack, "no transcripts:read, so not delivered");
            session("telegram", "grant-3");
            String marker = session("slack", "grant-marker");
            var seen = until(sse, marker);
            assertThat(keys(seen)).containsExactly(slack, marker);
            assertThat(seen).allMatch(e -> e.event().startsWith("session."));
        }
    }

    @Test
    void transcripts_read_admits_message_events() {
        String token = server.token("reader", List.of("sessions:read", "transcripts:read"), Map.of());
        String key = session("slack", "transcript-reader");
        try (var sse = stream("", token)) {
            message(key, "visible");
            var e = sse.next();
            assertThat(e.event()).isEqualTo("message.appended");
            assertThat(e.json().path("data").path("content").asText()).isEqualTo("visible");
        }
    }

    @Test
    void streaming_events_needs_sessions_read() {
        String token = server.token("writer", List.of("transcripts:write"), Map.of());
        try (var sse = SseClient.connect(server.url() + "/v1/events", token, null)) {
            Response r = sse.errorResponse();
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.problem()).isEqualTo("forbidden");
        }
    }

    @Test
    void an_api_token_is_not_accepted_in_the_query_string() {
        try (var sse = SseClient.connect(server.url() + "/v1/events?access_token=" + server.adminToken(), null, null)) {
            assertThat(sse.errorResponse().status()).isEqualTo(401);
        }
    }

    @Test
    void a_keep_alive_comment_is_sent_while_nothing_happens() {
        try (var sse = stream("?session=nothing-ever-happens-here")) {
            int initial = sse.comments();
            await().atMost(Duration.ofSeconds(5)).until(() -> sse.comments() > initial);
        }
    }

    @Test
    void metrics_count_open_streams_and_delivered_events() {
        try (var sse = stream("")) {
            session("telegram", "metrics-1");
            sse.next();
            String metrics = server.anonymous().get("/metrics").body();
            assertThat(metrics).containsPattern("switchboard_streams_open\\{transport=\"sse\"} [1-9]");
            assertThat(metrics).containsPattern("switchboard_events_delivered_total\\{transport=\"sse\"} [1-9]");
            assertThat(metrics).contains("switchboard_events_replay_length_events_count{transport=\"sse\"}");
            assertThat(metrics).contains("switchboard_events_overflows_total{transport=\"sse\"}");
        }
    }
}
