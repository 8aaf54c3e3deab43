package com.salaryml.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven by Debian's chromedriver: both found on the PATH, never downloaded. Each
 * browser gets a profile of its own in a temporary directory, deleted on close.
 */
final class Chromium implements AutoCloseable {

    private static final String INSTALL = "The browser tests need Debian's chromium and chromium-driver packages:"
            + " apt-get install chromium chromium-driver";

    /**
     * The usual flags for a browser under test: no first-run or default-browser prompts, and none of the
     * browser's own traffic (background networking, component and safe-browsing updates, sync, metrics,
     * translation, the new-tab page's remote content). Without them a browser version may fetch things of its
     * own in the middle of a test, and a closed network refuses them, noisily.
     */
    private static final List<String> TEST_PROFILE = List.of("--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--disable-client-side-phishing-detection",
            "--disable-domain-reliability", "--disable-breakpad", "--metrics-recording-only",
            "--disable-search-engine-choice-screen", "--no-pings", "--password-store=basic",
            "--use-mock-keychain", "--homepage=about:blank",
            "--disable-features=Translate,OptimizationHints,MediaRouter,NtpRemoteContent,InterestFeedContentSuggestions");

    private static final ObjectMapper JSON = new ObjectMapper();

    final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Fails, never skips, when a binary is missing: a browser test that silently does not run proves nothing.
     *
     * @param javascript false starts the browser with JavaScript switched off, as some people browse
     */
    static Chromium start(boolean javascript) throws IOException {
        Path chromium = onPath("chromium");
        Path chromedriver = onPath("chromedriver");
        Path profile = Files.createTempDirectory("chromium-it");
        var options = new ChromeOptions();
        // Set explicitly so that Selenium Manager never looks for, or downloads, a browser or a driver.
        options.setBinary(chromium.toFile());
        // Scrollbars hidden as on a phone, where they overlay the page: a desktop scrollbar would take 15 px
        // of a 360 px screen and show in the screenshots. Overflow is still measured, by scrollWidth.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1440,900");
        options.addArguments(TEST_PROFILE);
        // A blank first page: nothing of the browser's own (a new-tab page, a welcome page) is loading while a
        // test runs, whatever a browser version opens by default.
        options.addArguments("about:blank");
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        // The console (CSP violations, script errors) and every network request the page makes.
        var logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        logging.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        try {
            return new Chromium(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    private static Path onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin");
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not on the PATH. " + INSTALL));
    }

    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    long number(String javascript) {
        return ((Number) script(javascript)).longValue();
    }

    <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition::apply);
    }

    /**
     * Makes the page's viewport exactly this size. Resizing the window cannot: a desktop window has a minimum
     * width (500 px here) and a frame, so the viewport is set as DevTools' device emulation sets it.
     */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** The console entries since the last call. */
    List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Forgets the DevTools events so far, so that the next {@link #pageRequests} starts from here. */
    void forgetRequests() {
        driver.manage().logs().get(LogType.PERFORMANCE);
    }

    /**
     * A request the browser sent, from a DevTools network event.
     *
     * @param url      what was asked for
     * @param document the document that asked for it (for a navigation, the page being loaded)
     * @param tab      the DevTools target of the tab it was sent from
     */
    record Request(String url, String document, String tab) {
    }

    /** Every request the browser logged since the last call, in every tab and of every kind of page. */
    List<Request> requests() {
        var requests = new ArrayList<Request>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            JsonNode event;
            try {
                event = JSON.readTree(entry.getMessage());
            } catch (IOException e) {
                throw new AssertionError("a DevTools event that is not JSON: " + entry.getMessage(), e);
            }
            JsonNode message = event.path("message");
            if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
                JsonNode params = message.path("params");
                requests.add(new Request(params.path("request").path("url").asText(),
                        params.path("documentURL").asText(), event.path("webview").asText()));
            }
        }
        return requests;
    }

    /**
     * Every URL that a web page in the tab under test asked for since the last call: the pages it loaded, their
     * styles, scripts, icons and fetches, and wherever they navigated to. Requests of the browser's own pages
     * (a new-tab page and its resources, under chrome:// and the like) and of other tabs are the browser's
     * business, not the page's, and are left out.
     */
    List<String> pageRequests() {
        return pageRequests(requests());
    }

    List<String> pageRequests(List<Request> requests) {
        String tab = driver.getWindowHandle();
        return requests.stream()
                .filter(request -> request.tab().equals(tab))
                .filter(request -> request.document().startsWith("http://") || request.document().startsWith("https://"))
                .map(Request::url)
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    /** Best effort: a profile left in the temporary directory costs disk space, not a wrong test result. */
    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not delete the browser profile " + directory + ": " + e);
        }
    }
}
