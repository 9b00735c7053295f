package dev.switchboard.dashboard;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.AfterEachStore;
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
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The page's live stream across what ends a connection: a server restart, a revoked stream token, a revoked API
 * token. "Nothing twice, nothing missed" is checked on the Events view, which lists every event the page received
 * (an admin sees them all): their seqs must be exactly the server's, contiguous, each once.
 */
@EachStore
class DashboardReconnectBrowserTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Browser browser;

    @BeforeEachStore
    static void start() {
        browser = Browser.start();
    }

    @AfterEachStore
    static void stop() {
        if (browser != null) browser.close();
    }

    static Http api() {
        return server.admin(); // the URL is the same after restartOnSamePort; the admin token survives restarts
    }

    static void createSession(String key) {
        Response r = api().post("/v1/sessions", Map.of("key", key));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    static void append(String key, String text) {
        Response r = api().post("/v1/sessions/" + seg(key) + "/messages", Map.of("role", "user", "content", text));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    /** Records every connection state the page shows, so a test can tell it went through "reconnecting". */
    static void recordStates() {
        browser.script("""
                window.__states = [];
                const el = document.getElementById('connection');
                new MutationObserver(() => window.__states.push(el.dataset.state)).observe(el, {attributes: true, attributeFilter: ['data-state']});""");
    }

    @SuppressWarnings("unchecked")
    static List<String> states() {
        return (List<String>) browser.script("return window.__states");
    }

    static List<Long> shownSeqs() {
        var seqs = new ArrayList<Long>();
        for (WebElement li : browser.driver.findElements(By.cssSelector("ol.events li[data-seq]"))) {
            seqs.add(Long.parseLong(li.getDomAttribute("data-seq")));
        }
        return seqs;
    }

    /** The events view shows every seq from its first to {@code last}, each once, in order. */
    static void assertContiguousThrough(long last) {
        List<Long> seqs = browser.waitUntil(Duration.ofSeconds(10), d -> {
            List<Long> s = shownSeqs();
            return !s.isEmpty() && s.getLast() >= last ? s : null;
        });
        assertThat(seqs).as("seqs shown").isEqualTo(LongStream.rangeClosed(seqs.getFirst(), last).boxed().toList());
    }

    /** The event seq the server gave to message {@code messageSeq} of {@code key}, read from its own log. */
    static long eventSeqOf(String key, long messageSeq) {
        String url = server.url() + "/v1/events?after=0&types=message.appended&session=" + seg(key);
        try (var sse = SseClient.connect(url, server.adminToken(), null)) {
            while (true) {
                var e = sse.next();
                if (e.json().path("data").path("seq").asLong() == messageSeq) return e.seq();
            }
        }
    }

    /** Signs in on the Events view, creates a session and waits for its event; states are recorded from then on. */
    static String watchEventsAfterCreating(String prefix) {
        String key = prefix + System.nanoTime();
        browser.signIn(server.url(), server.adminToken());
        browser.go("#/events");
        browser.waitFor(By.cssSelector("[data-action=pause]"));
        createSession(key);
        browser.waitFor(By.cssSelector("ol.events li[data-type='session.created']"));
        recordStates();
        return key;
    }

    static void awaitReconnected() {
        browser.waitUntil(Duration.ofSeconds(20), d -> states().contains("reconnecting") && "live".equals(browser.connectionState()));
    }

    @Test
    void after_a_server_restart_the_page_reconnects_and_catches_up_with_no_duplicate_rows() {
        String before = watchEventsAfterCreating("before-restart-");
        String after = "after-restart-" + System.nanoTime();

        server.get().restartOnSamePort();
        // Written before the page is back: it must get these from the log when it resumes, not live.
        createSession(after);
        append(before, "one");
        append(before, "two");

        awaitReconnected();
        assertContiguousThrough(eventSeqOf(before, 2));
        browser.screenshot("reconnected-events");

        browser.go("#/sessions");
        browser.waitFor(By.cssSelector("tr[data-key='" + after + "']"));
        append(after, "live again");
        browser.waitUntil(Duration.ofSeconds(5), d -> d.findElement(By.cssSelector("tr[data-key='" + after + "'] td.count")).getText().equals("1"));
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-key='" + before + "']"))).hasSize(1);
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-key='" + after + "']"))).hasSize(1);
        assertThat(browser.text(By.cssSelector("tr[data-key='" + before + "'] td.count"))).isEqualTo("2");

        browser.go("#/session/" + seg(before));
        browser.waitFor(By.cssSelector(".msg[data-seq='2']"));
        assertThat(browser.driver.findElements(By.cssSelector(".msg[data-seq]"))).hasSize(2);
    }

    @Test
    void a_revoked_stream_token_is_replaced_and_no_event_is_missed_or_repeated() {
        String key = watchEventsAfterCreating("stream-token-");

        // GET /v1/tokens lists API tokens only; the page's stream tokens are found in the store.
        var live = server.db().rows("SELECT id FROM tokens WHERE kind = 'stream' AND revoked_at IS NULL");
        assertThat(live).isNotEmpty();
        for (var row : live) assertThat(api().delete("/v1/tokens/" + row.get("id")).status()).isEqualTo(204);
        append(key, "while the page renews its stream token");
        append(key, "and again");

        awaitReconnected();
        assertContiguousThrough(eventSeqOf(key, 2));
    }

    @Test
    void a_revoked_api_token_shows_token_expired_and_offers_sign_in() {
        String token = server.token("short-lived", List.of("sessions:read", "transcripts:read"), Map.of());
        browser.signIn(server.url(), token);
        String id = null;
        for (JsonNode t : api().get("/v1/tokens?limit=500").json().path("items")) {
            if (t.path("name").asText().equals("short-lived")) id = t.path("id").asText();
        }
        assertThat(api().delete("/v1/tokens/" + id).status()).isEqualTo(204);

        browser.waitUntil(Duration.ofSeconds(15), d -> "expired".equals(browser.connectionState()));
        assertThat(browser.text(By.id("connection"))).contains("token expired");
        browser.click(browser.driver.findElement(By.cssSelector("#connection button")));
        browser.waitFor(By.id("token"));
        assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);
    }
}
