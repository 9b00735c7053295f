package dev.switchboard.dashboard;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real headless Chromium against the real server: what a user sees and does. Each test makes
 * its own sessions (unique keys), so the tests share one server and one browser and don't depend on each other.
 */
@EachStore
class DashboardBrowserTest {
    private static final Duration LIVE = Duration.ofSeconds(1); // "appears within a second without reload"

    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static Http api;
    static Browser browser;

    @BeforeEachStore
    static void start() {
        api = server.admin();
        browser = Browser.start();
    }

    @AfterEachStore
    static void stop() {
        if (browser != null) browser.close();
    }

    static void createSession(String key, Map<String, Object> fields) {
        var body = new java.util.LinkedHashMap<String, Object>(fields);
        body.put("key", key);
        Response r = api.post("/v1/sessions", body);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    static void append(String key, Object... messages) {
        Response r = api.post("/v1/sessions/" + seg(key) + "/messages", Map.of("messages", List.of(messages)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    static Map<String, Object> user(Object content) {
        return Map.of("role", "user", "content", content);
    }

    static By row(String key) {
        return By.cssSelector("tr[data-key=\"" + key + "\"]");
    }

    @Test
    void signing_in_keeps_the_token_in_session_storage_only_and_shows_the_live_sessions_table() {
        browser.signOutAll(server.url());
        browser.open(server.url() + "/");
        browser.waitFor(By.id("token"));
        browser.screenshot("sign-in");
        browser.signIn(server.url(), server.adminToken());

        browser.waitFor(By.cssSelector("table.sessions"));
        assertThat(browser.script("return sessionStorage.getItem('switchboard.token')")).isEqualTo(server.adminToken());
        assertThat(browser.script("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(server.adminToken());
        assertThat(browser.text(By.id("connection"))).isEqualTo("live");
    }

    @Test
    void a_session_created_and_a_message_appended_over_rest_appear_within_a_second() {
        browser.signIn(server.url(), server.adminToken());
        browser.waitFor(By.cssSelector("table.sessions"));
        String key = "live-" + System.nanoTime();

        createSession(key, Map.of("title", "appears live", "agent", "main"));
        WebElement created = browser.waitFor(row(key), LIVE);
        assertThat(created.getText()).contains("appears live");

        append(key, user("hello"), Map.of("role", "assistant", "content", "hi there"));
        browser.waitUntil(LIVE, d -> d.findElement(row(key)).findElement(By.cssSelector("td.count")).getText().equals("2"));
        browser.screenshot("sessions");

        browser.click(By.cssSelector("tr[data-key=\"" + key + "\"] td.key a"));
        browser.waitFor(By.cssSelector(".msg[data-seq=\"2\"]"));
        append(key, user("a third one"));
        WebElement third = browser.waitFor(By.cssSelector(".msg[data-seq=\"3\"]"), LIVE);
        assertThat(third.getText()).contains("a third one");
        assertThat(browser.driver.findElements(By.cssSelector(".msg[data-seq]"))).hasSize(3);
    }

    @Test
    void the_transcript_renders_markdown_tool_thinking_and_image_blocks() {
        String key = "blocks-" + System.nanoTime();
        createSession(key, Map.of("title", "blocks"));
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        append(key,
                user("Please **list** the files, see https://example.com/docs"),
                Map.of("role", "assistant", "content", List.of(
                        Map.of("type", "thinking", "thinking", "the user wants ls"),
                        Map.of("type", "text", "text", "Running `ls`:\n\n```sh\nls -la\n```"),
                        Map.of("type", "tool_use", "id", "tu_1", "name", "Bash", "input", Map.of("command", "ls -la")))),
                Map.of("role", "user", "content", List.of(
                        Map.of("type", "tool_result", "tool_use_id", "tu_1", "content", "{\"files\":[\"a.txt\"]}"),
                        Map.of("type", "image", "source", Map.of("type", "base64", "media_type", "image/png", "data", png)))));
        browser.signIn(server.url(), server.adminToken());
        browser.go("#/session/" + seg(key));

        WebElement first = browser.waitFor(By.cssSelector(".msg[data-seq=\"1\"]"));
        assertThat(first.findElement(By.tagName("strong")).getText()).isEqualTo("list");
        assertThat(first.findElement(By.tagName("a")).getDomAttribute("href")).isEqualTo("https://example.com/docs");

        WebElement second = browser.driver.findElement(By.cssSelector(".msg[data-seq=\"2\"]"));
        WebElement thinking = second.findElement(By.cssSelector("details.thinking"));
        assertThat(thinking.getDomProperty("open")).as("thinking starts collapsed").isEqualTo("false");
        assertThat(second.findElement(By.cssSelector("pre.code code")).getText()).isEqualTo("ls -la");
        WebElement toolUse = second.findElement(By.cssSelector("details.tool-use"));
        assertThat(toolUse.findElement(By.tagName("summary")).getText()).contains("tool_use", "Bash", "tu_1");
        browser.click(toolUse.findElement(By.tagName("summary")));
        assertThat(toolUse.findElement(By.cssSelector("pre.json")).getText()).isEqualTo("{\n  \"command\": \"ls -la\"\n}");

        WebElement third = browser.driver.findElement(By.cssSelector(".msg[data-seq=\"3\"]"));
        WebElement result = third.findElement(By.cssSelector("details.tool-result"));
        browser.click(result.findElement(By.tagName("summary")));
        assertThat(result.findElement(By.cssSelector("pre.json")).getText()).isEqualTo("{\n  \"files\": [\n    \"a.txt\"\n  ]\n}");
        WebElement image = third.findElement(By.cssSelector("img.image"));
        assertThat(image.getDomAttribute("src")).startsWith("data:image/png;base64,");
        assertThat(browser.script("return arguments[0].naturalWidth", image)).isEqualTo(1L);
        browser.screenshot("session");
    }

    @Test
    void a_directive_posted_from_the_page_shows_up_over_rest() {
        String key = "directive-" + System.nanoTime();
        createSession(key, Map.of());
        browser.signIn(server.url(), server.adminToken());
        browser.go("#/directives");
        WebElement form = browser.waitFor(By.cssSelector("form.directive-form"));
        form.findElement(By.name("session_key")).sendKeys(key);
        form.findElement(By.name("content")).sendKeys("Stop deploying; the freeze starts now.");
        form.findElement(By.name("priority")).sendKeys("urgent");
        browser.click(form.findElement(By.cssSelector("[data-action=post-directive]")));

        browser.waitFor(By.cssSelector(".live-directives li.directive"));
        browser.screenshot("directives");
        JsonNode items = api.get("/v1/sessions/" + seg(key) + "/directives").json().path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("content").asText()).isEqualTo("Stop deploying; the freeze starts now.");
        assertThat(items.get(0).path("priority").asText()).isEqualTo("urgent");
        assertThat(items.get(0).path("tags").get(0).asText()).isEqualTo("dashboard");
    }

    @Test
    void the_usage_view_charts_seeded_usage_by_model() {
        String key = "usage-" + System.nanoTime();
        createSession(key, Map.of("model", "default-model"));
        String now = Instant.now().toString();
        append(key,
                Map.of("role", "assistant", "content", "a", "created_at", now,
                        "usage", Map.of("input_tokens", 1200, "output_tokens", 300, "cost_usd", 0.5, "model", "model-big")),
                Map.of("role", "assistant", "content", "b", "created_at", now,
                        "usage", Map.of("input_tokens", 200, "output_tokens", 100, "cost_usd", 0.02, "model", "model-small")));
        browser.signIn(server.url(), server.adminToken());
        browser.go("#/usage?group_by=model");

        browser.waitFor(By.cssSelector("svg.chart"));
        assertThat(browser.driver.findElements(By.cssSelector("svg.chart g.bar[data-group=model-big] rect.seg"))).hasSize(2);
        assertThat(browser.driver.findElements(By.cssSelector("svg.chart g.bar[data-group=model-small] rect.seg"))).hasSize(2);
        double big = Double.parseDouble(browser.driver.findElement(By.cssSelector("g.bar[data-group=model-big] rect.input")).getDomAttribute("height"));
        double small = Double.parseDouble(browser.driver.findElement(By.cssSelector("g.bar[data-group=model-small] rect.input")).getDomAttribute("height"));
        assertThat(big).isEqualTo(small * 6, org.assertj.core.data.Offset.offset(0.01));
        assertThat(browser.text(By.cssSelector("table.usage tr[data-group=model-big]"))).contains("1,200", "300", "$0.50");
        browser.screenshot("usage");
    }

    @Test
    void the_events_view_tails_live_events_and_holds_them_while_paused() {
        browser.signIn(server.url(), server.adminToken());
        browser.go("#/events?types=session.");
        browser.waitFor(By.cssSelector("[data-action=pause]"));
        String key = "events-" + System.nanoTime();
        createSession(key, Map.of());
        browser.waitFor(By.xpath("//ol[@class='events']/li[@data-type='session.created'][.//a[text()='" + key + "']]"), LIVE);

        browser.click(browser.driver.findElement(By.cssSelector("[data-action=pause]")));
        api.post("/v1/sessions/" + seg(key) + "/end", Map.of());
        browser.waitUntil(Duration.ofSeconds(5), d -> d.findElement(By.cssSelector(".events-view [role=status]")).getText().equals("paused: 1 new"));
        assertThat(browser.driver.findElements(By.cssSelector("ol.events li[data-type='session.ended']"))).isEmpty();

        browser.click(browser.driver.findElement(By.cssSelector("[data-action=pause]")));
        browser.waitFor(By.cssSelector("ol.events li[data-type='session.ended']"));
        browser.screenshot("events");
    }

    @Test
    void xss_payloads_in_messages_tool_json_titles_and_metadata_are_inert() throws IOException {
        // A server on another port stands for "anywhere else": any request reaching it is a failure.
        var hits = new AtomicInteger();
        HttpServer foreign = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        foreign.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        foreign.start();
        String evil = "http://127.0.0.1:" + foreign.getAddress().getPort();
        try {
            String key = "xss-" + System.nanoTime();
            browser.signIn(server.url(), server.adminToken()); // first, so the payloads also arrive as live events
            createSession(key, Map.of("title", "<img src=" + evil + "/title.png onerror=alert('title')>",
                    "metadata", Map.of("note", "<script>alert('meta')</script>", "html", "<img src=x onerror=alert('meta2')>")));
            append(key,
                    user("<script>alert('msg')</script> <img src=" + evil + "/msg.png onerror=alert('img')>"),
                    user("[click me](javascript:alert('link')) [data](data:text/html,<script>alert(1)</script>) ![pic](" + evil + "/md.png)"),
                    Map.of("role", "assistant", "content", List.of(
                            Map.of("type", "thinking", "thinking", "<script>alert('thinking')</script>"),
                            Map.of("type", "tool_use", "id", "t1", "name", "<img src=x onerror=alert('name')>",
                                    "input", Map.of("html", "<script>alert('tool')</script>", "url", "javascript:alert('tool-url')")),
                            Map.of("type", "image", "source", Map.of("type", "url", "url", evil + "/block.png")))),
                    Map.of("role", "user", "content", List.of(Map.of("type", "tool_result", "tool_use_id", "t1",
                            "content", "<img src=" + evil + "/result.png onerror=alert('result')>"))));

            browser.waitFor(row(key));
            assertThat(browser.text(By.cssSelector(row(key).toString().replace("By.cssSelector: ", "") + " td.title")))
                    .isEqualTo("<img src=" + evil + "/title.png onerror=alert('title')>");
            browser.go("#/session/" + seg(key));
            browser.waitFor(By.cssSelector(".msg[data-seq=\"4\"]"));
            for (WebElement summary : browser.driver.findElements(By.cssSelector("main details:not([open]) > summary"))) browser.click(summary);
            browser.waitFor(By.cssSelector(".side .json-section pre"));
            WebElement inert = browser.driver.findElement(By.cssSelector(".msg[data-seq=\"2\"] .inert-link"));
            assertThat(inert.getText()).isEqualTo("click me");
            browser.click(inert);
            browser.go("#/events?session=" + key);
            browser.waitFor(By.cssSelector("ol.events li"));
            for (WebElement summary : browser.driver.findElements(By.cssSelector("ol.events summary"))) browser.click(summary);
            browser.go("#/session/" + seg(key));
            String transcript = browser.waitFor(By.cssSelector(".msg[data-seq=\"1\"]")).getText();
            assertThat(transcript).contains("<script>alert('msg')</script>", "onerror=alert('img')>");

            browser.assertNoDialog();
            assertThat(browser.script("""
                    return document.querySelectorAll('script:not([src]), [onerror], [onclick], iframe, object, embed, a[href^="javascript" i], a[href^="data" i]').length""")).isEqualTo(0L);
            assertThat(browser.script("return [...document.images].map(i => i.getAttribute('src')).filter(s => !s.startsWith('/assets/'))"))
                    .as("no image but the page's own").isEqualTo(List.of());
            assertThat(hits).as("requests that reached the foreign server").hasValue(0);
            browser.assertOnlyRequested(server.url());
            assertThat(browser.consoleMessages()).as("CSP violations mean the page tried something")
                    .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Trusted Type"));
        } finally {
            foreign.stop(0);
        }
    }

    @Test
    void a_message_sent_from_the_page_starts_an_echo_run_whose_output_streams_live() {
        api.put("/v1/agents/slow-echo", Map.of("adapter", "echo", "delay_ms", 120));
        String key = "echo-" + System.nanoTime();
        createSession(key, Map.of("agent", "slow-echo"));
        browser.signIn(server.url(), server.adminToken());
        browser.go("#/session/" + seg(key));
        WebElement input = browser.waitFor(By.id("send-input"));
        String words = "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10";
        input.sendKeys(words);
        browser.click(browser.driver.findElement(By.cssSelector("[data-action=send]")));

        String partial = browser.waitUntil(Duration.ofSeconds(5), d -> {
            var live = d.findElements(By.cssSelector(".live-output .stream-text"));
            String text = live.isEmpty() ? "" : live.get(0).getText();
            return text.startsWith("w1") && !text.contains("w10") ? text : null;
        });
        assertThat(words).startsWith(partial);
        WebElement reply = browser.waitFor(By.cssSelector(".msg.assistant[data-seq=\"2\"]"), Duration.ofSeconds(10));
        assertThat(reply.getText()).contains(words);
        browser.waitUntil(Duration.ofSeconds(5), d -> d.findElements(By.cssSelector(".live-output *")).isEmpty());
        assertThat(browser.text(By.cssSelector(".msg.user[data-seq=\"1\"]"))).contains(words);
    }

    @Test
    void a_slow_process_run_streams_in_the_run_view_and_the_abort_button_stops_it() throws URISyntaxException {
        String script = Path.of(getClass().getResource("/agents/slow_story.sh").toURI()).toString();
        api.put("/v1/agents/story", Map.of("adapter", "process", "command", List.of("/bin/bash", script, "600", "0.05")));
        String key = "story-" + System.nanoTime();
        createSession(key, Map.of());
        browser.signIn(server.url(), server.adminToken());
        Response started = api.post("/v1/sessions/" + seg(key) + "/runs", Map.of("input", "tell me a story", "agent", "story"));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.json().path("id").asText();
        browser.go("#/run/" + seg(id));

        browser.waitUntil(Duration.ofSeconds(10), d -> d.findElement(By.cssSelector("pre.output")).getText().contains("word 3"));
        String earlier = browser.text(By.cssSelector("pre.output"));
        browser.waitUntil(Duration.ofSeconds(5), d -> d.findElement(By.cssSelector("pre.output")).getText().length() > earlier.length());
        browser.waitUntil(Duration.ofSeconds(10), d -> d.findElement(By.cssSelector("pre.logs")).getText().contains("word"));
        browser.screenshot("run");

        browser.click(browser.driver.findElement(By.cssSelector("[data-action=abort]")));
        browser.waitUntil(Duration.ofSeconds(20), d -> d.findElement(By.cssSelector(".run-info .facts .badge")).getText().equals("aborted"));
        assertThat(api.get("/v1/runs/" + seg(id)).json().path("status").asText()).isEqualTo("aborted");
        assertThat(browser.driver.findElements(By.cssSelector("[data-action=abort]"))).isEmpty();
        browser.go("#/runs");
        assertThat(browser.waitFor(By.cssSelector("table.runs tr[data-run=\"" + id + "\"]")).getText()).contains("aborted", key);
        browser.screenshot("runs");
    }

    @Test
    void a_read_only_token_gets_no_actions_and_the_server_refuses_them_anyway() {
        String key = "readonly-" + System.nanoTime();
        createSession(key, Map.of());
        append(key, user("look, don't touch"));
        String readOnly = server.token("viewer", List.of("sessions:read", "transcripts:read"), Map.of());
        browser.signIn(server.url(), readOnly);
        assertThat(browser.text(By.id("who"))).contains("read-only");
        browser.go("#/session/" + seg(key));
        browser.waitFor(By.cssSelector(".msg[data-seq=\"1\"]"));
        assertThat(browser.text(By.cssSelector(".composer"))).contains("Read-only token");
        assertThat(browser.driver.findElements(By.cssSelector("main [data-action], main form.directive-form"))).isEmpty();
        browser.go("#/directives");
        browser.waitFor(By.cssSelector(".directives-view"));
        assertThat(browser.driver.findElements(By.cssSelector("form.directive-form"))).isEmpty();

        // Bypassing the UI changes nothing: the same request from the page is a 403.
        Object status = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(`/v1/sessions/${encodeURIComponent(arguments[0])}/reset`, {method: 'POST', body: '{}',
                  headers: {Authorization: `Bearer ${sessionStorage.getItem('switchboard.token')}`}}).then(r => done(r.status));""", key);
        assertThat(status).isEqualTo(403L);
        assertThat(api.get("/v1/sessions/" + seg(key) + "/instances").json().path("items")).hasSize(1);
    }

    @Test
    void on_a_phone_in_dark_mode_the_views_fit_the_screen() {
        String key = "phone-" + System.nanoTime();
        createSession(key, Map.of("title", "a narrow screen"));
        append(key, user("a long line without spaces: " + "x".repeat(300)), Map.of("role", "assistant", "content", "```\n" + "y".repeat(300) + "\n```"));
        browser.signIn(server.url(), server.adminToken());
        try {
            browser.driver.manage().window().setSize(new Dimension(390, 844));
            browser.driver.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            for (String view : List.of("#/session/" + seg(key), "#/sessions", "#/usage", "#/events")) {
                browser.go(view);
                browser.waitFor(By.cssSelector("main .view"));
                if (view.startsWith("#/session/")) browser.waitFor(By.cssSelector(".msg[data-seq=\"2\"]"));
                assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                        .as("%s scrolls sideways on a phone", view).isEqualTo(true);
            }
            assertThat(browser.script("return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(20, 22, 26)");
            browser.go("#/session/" + seg(key));
            browser.waitFor(By.cssSelector(".msg[data-seq=\"2\"]"));
            browser.screenshot("session-phone-dark");
        } finally {
            browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
            browser.driver.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    void the_dashboard_is_usable_with_the_keyboard_alone() {
        browser.signOutAll(server.url());
        browser.open(server.url() + "/");
        browser.waitFor(By.id("token")).sendKeys(server.adminToken() + Keys.ENTER);
        browser.waitUntil(Duration.ofSeconds(10), d -> "live".equals(browser.connectionState()));
        var actions = new org.openqa.selenium.interactions.Actions(browser.driver);
        for (int i = 0; i < 20 && !"Usage".equals(browser.script("return document.activeElement.textContent")); i++) {
            actions.sendKeys(Keys.TAB).perform();
        }
        assertThat(browser.script("return document.activeElement.textContent")).as("Tab reaches the Usage link").isEqualTo("Usage");
        actions.sendKeys(Keys.ENTER).perform();
        browser.waitFor(By.cssSelector(".usage-view"));
        assertThat(browser.script("return getComputedStyle(document.activeElement).outlineStyle")).isNotNull();
    }

    @Test
    void signing_out_forgets_the_token_and_revokes_the_stream_token() {
        browser.signIn(server.url(), server.adminToken());
        var db = server.db();
        String live = "SELECT count(*) FROM tokens WHERE kind = 'stream' AND revoked_at IS NULL";
        long before = db.count(live);
        browser.click(browser.driver.findElement(By.id("sign-out")));

        browser.waitFor(By.id("token"));
        assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);
        assertThat(browser.text(By.id("connection"))).isEqualTo("signed out");
        browser.waitUntil(Duration.ofSeconds(5), d -> db.count(live) == before - 1);
        browser.driver.navigate().refresh();
        assertThat(browser.waitFor(By.id("token")).isDisplayed()).as("a reload asks for a token again").isTrue();
    }

    @Test
    void reset_end_and_delete_act_from_the_session_page_and_delete_asks_first() {
        String key = "actions-" + System.nanoTime();
        createSession(key, Map.of());
        append(key, user("before the reset"));
        browser.signIn(server.url(), server.adminToken());
        browser.go("#/session/" + seg(key));
        browser.waitFor(By.cssSelector(".msg[data-seq=\"1\"]"));

        browser.click(browser.waitFor(By.cssSelector("[data-action=reset]")));
        browser.click(browser.waitFor(By.cssSelector("dialog[open] [data-action=confirm]")));
        browser.waitFor(By.cssSelector(".transcript .placeholder"));
        assertThat(api.get("/v1/sessions/" + seg(key) + "/instances").json().path("items")).hasSize(2);

        browser.click(browser.waitFor(By.cssSelector("[data-action=end]")));
        browser.waitUntil(Duration.ofSeconds(5), d -> d.findElement(By.cssSelector(".session-head .badge")).getText().equals("ended"));
        assertThat(api.get("/v1/sessions/" + seg(key)).json().path("status").asText()).isEqualTo("ended");

        browser.click(browser.waitFor(By.cssSelector("[data-action=delete]")));
        WebElement dialog = browser.waitFor(By.cssSelector("dialog[open]"));
        dialog.sendKeys(Keys.ESCAPE);
        browser.waitUntil(Duration.ofSeconds(5), d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        assertThat(api.get("/v1/sessions/" + seg(key)).status()).as("Esc cancels").isEqualTo(200);

        browser.click(browser.waitFor(By.cssSelector("[data-action=delete]")));
        browser.click(browser.waitFor(By.cssSelector("dialog[open] [data-action=confirm]")));
        browser.waitFor(By.cssSelector(".sessions-view"));
        assertThat(api.get("/v1/sessions/" + seg(key)).status()).isEqualTo(404);
        browser.assertNoDialog();
    }
}
