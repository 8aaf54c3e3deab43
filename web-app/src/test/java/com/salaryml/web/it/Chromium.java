package com.salaryml.web.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1440,900");
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

    /** The DevTools events since the last call, as JSON text. */
    List<String> devtoolsEvents() {
        return driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream().map(LogEntry::getMessage).toList();
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
