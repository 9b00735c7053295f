package dev.switchboard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver, both named explicitly so Selenium never looks
 * for (or downloads) a browser. One per test class: starting Chromium costs about a second.
 *
 * <p>Chrome's performance log records every request the page makes (including ones the CSP blocks), so tests can
 * assert that nothing left the origin; its browser log holds console errors and CSP violations.
 */
final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;
    private final List<String> requests = new ArrayList<>();
    private final List<String> console = new ArrayList<>();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(p + " is missing: the dashboard's browser tests need Debian's chromium and "
                        + "chromium-driver packages (apt-get install -y chromium chromium-driver; .ci/run installs them)");
            }
        }
        try {
            Path profile = Files.createTempDirectory("switchboard-chromium");
            var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            var options = new ChromeOptions();
            options.setBinary(CHROMIUM.toString());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-extensions", "--window-size=1280,900", "--user-data-dir=" + profile);
            var logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            // An alert would be the proof of an XSS: leave it open so assertNoDialog sees it.
            options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void open(String url) {
        driver.get(url);
    }

    /** Opens the dashboard, signs in with {@code token} and waits until the stream is live. */
    void signIn(String base, String token) {
        signOutAll(base);
        open(base + "/");
        var input = waitFor(By.id("token"));
        input.sendKeys(token);
        driver.findElement(By.cssSelector("[data-action=sign-in]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(25))
                .withMessage(() -> "the stream is not live: " + driver.findElement(By.id("connection")).getText()
                        + " " + driver.findElement(By.id("connection")).getDomAttribute("title") + "; console: " + consoleMessages())
                .until(d -> "live".equals(connectionState()));
    }

    /**
     * Forgets the tab's saved token from a page of the same origin that doesn't run the dashboard (on the dashboard
     * itself, a sign-in still in flight could save it again).
     */
    void signOutAll(String base) {
        open(base + "/healthz");
        script("sessionStorage.clear()");
    }

    String connectionState() {
        return driver.findElement(By.id("connection")).getDomAttribute("data-state");
    }

    /** Navigates inside the page (hash route), as a click on a link would. */
    void go(String hash) {
        script("location.hash = arguments[0]", hash);
    }

    WebElement waitFor(By by) {
        return waitFor(by, Duration.ofSeconds(10));
    }

    WebElement waitFor(By by, Duration timeout) {
        return waitUntil(timeout, d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    <T> T waitUntil(Duration timeout, Function<WebDriver, T> condition) {
        // Views redraw as events arrive: an element found a moment ago may be replaced before it is read.
        return new WebDriverWait(driver, timeout, Duration.ofMillis(25)).ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    /**
     * Finds and clicks what {@code by} selects, finding it again if a redraw replaced it in between (a live list
     * redraws its rows as events arrive: an element found a moment ago may be gone when it is clicked).
     */
    void click(By by) {
        waitUntil(Duration.ofSeconds(10), d -> {
            click(d.findElement(by));
            return true;
        });
    }

    /** Clicks after scrolling the element to the middle of the window (the sticky header covers the top). */
    void click(WebElement element) {
        script("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    String text(By by) {
        return driver.findElement(by).getText();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails if a JavaScript dialog (alert, confirm, prompt) is open: the page itself never opens one. */
    void assertNoDialog() {
        try {
            String text = driver.switchTo().alert().getText();
            throw new AssertionError("a dialog is open: " + text);
        } catch (NoAlertPresentException expected) {
            // good
        }
    }

    /** Every URL the page requested since the browser started (from Chrome's performance log). */
    List<String> requestedUrls() {
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = read(e.getMessage()).path("message");
            if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                requests.add(message.path("params").path("request").path("url").asText());
            }
        }
        return List.copyOf(requests);
    }

    /** Console messages (errors, warnings, CSP violations) since the browser started. */
    List<String> consoleMessages() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) console.add(e.getLevel() + " " + e.getMessage());
        return List.copyOf(console);
    }

    /** Every network request (http, https, ws, wss; not the browser's own chrome:// pages) went to {@code origin}. */
    void assertOnlyRequested(String origin) {
        List<String> network = requestedUrls().stream().filter(u -> u.matches("(?i)^(https?|wss?|ftp):.*")).toList();
        assertThat(network).as("network requests").isNotEmpty();
        assertThat(network).as("requests that left %s", origin).allMatch(u -> u.startsWith(origin + "/"));
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the browser (when it started) and then the server, whatever fails first. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile; the OS cleans up what is left
            }
        }
    }
}
