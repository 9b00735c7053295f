package dev.switchboard.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 64 clients append to one session at once: the transcript must come out with no gap and no duplicate. */
@EachStore
class ConcurrentAppendTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();



    @Test
    void sixty_four_concurrent_appenders_get_contiguous_unique_seqs() throws Exception {
        Http api = server.admin();
        api.post("/v1/sessions", Map.of("key", "hot"));
        int clients = 64;
        int perClient = 20;
        var start = new CountDownLatch(1);
        var acked = Collections.synchronizedList(new ArrayList<Long>());
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perClient; i++) {
                        // every third request is a batch of two, so batches interleave with singles
                        Object body = i % 3 == 0
                                ? Map.of("messages", List.of(Map.of("role", "user", "content", client + ":" + i + "a"),
                                        Map.of("role", "user", "content", client + ":" + i + "b")))
                                : Map.of("role", "user", "content", client + ":" + i);
                        Response r = api.post("/v1/sessions/hot/messages", body);
                        assertThat(r.status()).as(r.body()).isEqualTo(201);
                        List<Long> seqs = TranscriptApiTest.seqs(r);
                        if (seqs.size() == 2) assertThat(seqs.get(1)).isEqualTo(seqs.get(0) + 1); // a batch stays together
                        acked.addAll(seqs);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (var f : futures) f.get();
        }
        int expected = clients * (perClient + (perClient + 2) / 3);
        assertThat(acked).hasSize(expected).doesNotHaveDuplicates();
        assertThat(Collections.max(acked)).isEqualTo(expected);

        var stored = new ArrayList<Long>();
        var contents = new java.util.HashSet<String>();
        String cursor = null;
        do {
            Response page = api.get("/v1/sessions/hot/messages?limit=500" + (cursor == null ? "" : "&cursor=" + cursor));
            page.json().path("items").forEach(m -> {
                stored.add(m.path("seq").asLong());
                contents.add(m.path("content").asText());
            });
            cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
        } while (cursor != null);
        var oneToN = new ArrayList<Long>();
        for (long i = 1; i <= expected; i++) oneToN.add(i);
        assertThat(stored).isEqualTo(oneToN);
        assertThat(contents).hasSize(expected);
        assertThat(api.get("/v1/sessions/hot").json().path("message_count").asLong()).isEqualTo(expected);
    }
}
