package dev.switchboard.dashboard;

import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real headless Chromium against the real server: what a user sees and does. Each test makes
 * its own sessions (unique keys), so the tests share one server and one browser and don't depend on each other.
 */
class DashboardBrowserTest {
    private static final Duration LIVE = Duration.ofSeconds(1); // "appears within a second without reload"

    static TestServer server;
    static Http api;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        api = server.admin();
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) browser.close();
        } finally {
            server.close();
        }
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
        browser.waitUntil(LIVE, d -> d.findElement(row(key)).findElement(By.cssSelector("td.messages")).getText().equals("2"));
        browser.screenshot("sessions");

        browser.driver.findElement(row(key)).findElement(By.cssSelector("td.key a")).click();
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
        toolUse.findElement(By.tagName("summary")).click();
        assertThat(toolUse.findElement(By.cssSelector("pre.json")).getText()).isEqualTo("{\n  \"command\": \"ls -la\"\n}");

        WebElement third = browser.driver.findElement(By.cssSelector(".msg[data-seq=\"3\"]"));
        WebElement result = third.findElement(By.cssSelector("details.tool-result"));
        result.findElement(By.tagName("summary")).click();
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
        form.findElement(By.cssSelector("[data-action=post-directive]")).click();

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

        browser.driver.findElement(By.cssSelector("[data-action=pause]")).click();
        api.post("/v1/sessions/" + seg(key) + "/end", Map.of());
        browser.waitUntil(Duration.ofSeconds(5), d -> d.findElement(By.cssSelector(".events-view [role=status]")).getText().equals("paused: 1 new"));
        assertThat(browser.driver.findElements(By.cssSelector("ol.events li[data-type='session.ended']"))).isEmpty();

        browser.driver.findElement(By.cssSelector("[data-action=pause]")).click();
        browser.waitFor(By.cssSelector("ol.events li[data-type='session.ended']"));
        browser.screenshot("events");
    }
}
