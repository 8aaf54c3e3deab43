package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.schema.UnitFormat;
import com.salaryml.web.ExampleModels;
import com.salaryml.web.ModelFiles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.logging.LogEntry;

/**
 * The salary page as people use it: the built WAR in embedded Jetty, driven by a real headless Chromium, with
 * JavaScript on and with it off. After every test the browser's console must hold no error (a CSP violation is
 * one) and no request may have left the app's origin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyBrowserIT {

    private static final String REFERENCE = "?experience=2&test_score=9&interview_score=6";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http http = new Http();
    private Deployment app;
    /** The deployment the browsers use in the current test: {@link #app}, unless a test deploys another model. */
    private Deployment served;
    private Chromium scripted;
    private Chromium plain;
    /** Set by a test that sends invalid input: Chrome reports every 400 response in the console. */
    private boolean expectsBadRequests;

    @BeforeAll
    void start() throws Exception {
        app = new JettyContainer().deploy(Container.builtWar(), "/salary", Map.of());
        scripted = Chromium.start(true);
        plain = Chromium.start(false);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (scripted != null) {
                scripted.close();
            }
            if (plain != null) {
                plain.close();
            }
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    @BeforeEach
    void reset() {
        expectsBadRequests = false;
        served = app;
        for (Chromium browser : List.of(scripted, plain)) {
            browser.viewport(1440, 900);
            browser.console();
            browser.forgetRequests();
        }
    }

    @AfterEach
    void consoleIsCleanAndNothingLeftTheOrigin() {
        String origin = origin();
        for (Chromium browser : List.of(scripted, plain)) {
            var errors = new ArrayList<String>();
            for (LogEntry entry : browser.console()) {
                boolean expected = expectsBadRequests && entry.getMessage().startsWith(origin)
                        && entry.getMessage().contains("status of 400 (Bad Request)");
                if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !expected) {
                    errors.add(entry.getMessage());
                }
            }
            assertThat(errors).as("console errors").isEmpty();
            assertThat(browser.pageRequests()).as("requests").allMatch(url -> url.startsWith(origin + "/"));
        }
    }

    // ---------------------------------------------------------------- the estimate

    @ParameterizedTest(name = "JavaScript on: {0}")
    @ValueSource(booleans = {true, false})
    void typingTheValuesAndPressingEnterShowsTheEstimate(boolean javascript) {
        Chromium browser = javascript ? scripted : plain;
        browser.driver.get(at(""));
        markPage(browser);

        type(browser, "experience", "2");
        type(browser, "test_score", "9");
        type(browser, "interview_score", "6").sendKeys(Keys.ENTER);

        browser.await(d -> "$52,062.76".equals(textOf(browser, "estimate")));
        assertThat(textOf(browser, "interval"))
                .isEqualTo("Likely between $38,814.03 and $65,311.49 (95% prediction interval)");
        assertThat(browser.driver.findElements(By.cssSelector("#contributions svg.chart rect"))).hasSize(3);
        assertThat(browser.driver.findElements(By.cssSelector("#result-region[aria-live=polite] > #result"))).hasSize(1);
        assertThat(browser.driver.getCurrentUrl()).endsWith("/salary/" + REFERENCE);
        // Each field is named by its own label, as a screen reader announces it.
        assertThat(browser.script("return Array.prototype.map.call(document.querySelectorAll('input'),"
                + " function (i) { return i.labels.length + ' ' + i.labels[0].textContent; })"))
                .isEqualTo(List.of("1 Experience", "1 Test score", "1 Interview score"));
        // With the script the page was updated in place; without it the browser loaded a new page.
        assertThat(pageIsMarked(browser)).isEqualTo(javascript);
    }

    @Test
    void changingAValueUpdatesTheResultInPlaceAndTheAddress() throws Exception {
        scripted.driver.get(at(REFERENCE));
        markPage(scripted);

        type(scripted, "experience", "30");
        String expected = UnitFormat.of("USD").format(
                predict("{\"experience\":30,\"test_score\":9,\"interview_score\":6}").get("salary").doubleValue());

        scripted.await(d -> expected.equals(textOf(scripted, "estimate")));
        assertThat(pageIsMarked(scripted)).isTrue();
        assertThat(scripted.driver.getCurrentUrl()).endsWith("/salary/?experience=30&test_score=9&interview_score=6");
        assertThat(textOf(scripted, "warnings")).contains("experience 30 is outside the range seen in training");
        String inPlace = resultMarkup(scripted);

        // The address is the state: loading it gives the server's page, which must say exactly the same.
        scripted.driver.navigate().refresh();
        assertThat(pageIsMarked(scripted)).isFalse();
        assertThat(resultMarkup(scripted)).isEqualTo(inPlace);
    }

    @ParameterizedTest(name = "JavaScript on: {0}")
    @ValueSource(booleans = {true, false})
    void invalidInputIsShownBesideEachFieldAndFocusGoesToTheFirst(boolean javascript) {
        expectsBadRequests = true;
        Chromium browser = javascript ? scripted : plain;
        browser.driver.get(at(""));
        markPage(browser);

        type(browser, "experience", "2");
        type(browser, "test_score", "11");
        type(browser, "interview_score", "").sendKeys(Keys.ENTER);

        browser.await(d -> !d.findElements(By.id("test_score-error")).isEmpty());
        assertThat(pageIsMarked(browser)).isEqualTo(javascript);
        assertThat(browser.driver.getTitle()).isEqualTo("Error: Salary estimate");
        assertThat(browser.driver.findElements(By.id("experience-error"))).isEmpty();
        for (String field : List.of("test_score", "interview_score")) {
            WebElement input = browser.driver.findElement(By.id(field));
            assertThat(input.getDomAttribute("aria-invalid")).isEqualTo("true");
            assertThat(input.getDomAttribute("aria-describedby")).isEqualTo(field + "-error " + field + "-help");
            assertThat(browser.driver.findElement(By.id(field + "-error")).getText()).isNotBlank();
        }
        assertThat(textOf(browser, "test_score-error")).contains("11");
        assertThat(browser.driver.findElement(By.id("error-summary")).findElements(By.tagName("a"))).hasSize(2);
        assertThat(browser.driver.findElements(By.id("estimate"))).isEmpty();
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("test_score");

        // Put right, the errors go and the estimate comes.
        type(browser, "test_score", "9");
        type(browser, "interview_score", "6").sendKeys(Keys.ENTER);
        browser.await(d -> "$52,062.76".equals(textOf(browser, "estimate")));
        assertThat(browser.driver.findElements(By.cssSelector(".field-error, #error-summary, [aria-invalid]"))).isEmpty();
        assertThat(browser.driver.getTitle()).isEqualTo("Salary estimate");
    }

    @ParameterizedTest(name = "JavaScript on: {0}")
    @ValueSource(booleans = {true, false})
    void theWholeFlowWorksWithTheKeyboardAlone(boolean javascript) {
        Chromium browser = javascript ? scripted : plain;
        browser.driver.get(at(""));
        var keyboard = new Actions(browser.driver);

        keyboard.sendKeys(Keys.TAB).perform();
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("experience");
        keyboard.sendKeys("2").sendKeys(Keys.TAB).sendKeys("9").sendKeys(Keys.TAB).sendKeys("6").sendKeys(Keys.TAB)
                .perform();
        assertThat(browser.script("return document.activeElement.textContent")).isEqualTo("Estimate salary");
        keyboard.sendKeys(Keys.ENTER).perform();

        browser.await(d -> "$52,062.76".equals(textOf(browser, "estimate")));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/salary/" + REFERENCE);
    }

    // ---------------------------------------------------------------- other models

    /**
     * The script writes amounts as the server does, whatever the target's unit: what it builds from the API's
     * answer is, character for character, what the server renders for the same address.
     */
    @ParameterizedTest(name = "unit {0}")
    @ValueSource(strings = {"kg", "EUR", "CHF", "JPY", "%"})
    void theScriptWritesAmountsInTheTargetsUnitAsTheServerDoes(String unit) throws Exception {
        Path file = Files.createDirectories(Path.of("target", "browser-models")).resolve("scales-" + unit.hashCode()
                + ".json");
        Files.write(file, ModelFormat.write(ModelFiles.withTarget("scales", "weight", unit)));
        try (Deployment other = new JettyContainer().deploy(Container.builtWar(), "/scales",
                Map.of("salary.model", file.toAbsolutePath().toString()))) {
            served = other;
            try {
                scripted.driver.get(at("?experience=30&test_score=9&interview_score=6"));
                String rendered = resultMarkup(scripted);
                scripted.driver.get(at(REFERENCE));
                markPage(scripted);

                type(scripted, "experience", "30");
                String expected = UnitFormat.of(unit).format(predict(
                        "{\"experience\":30,\"test_score\":9,\"interview_score\":6}").get("weight").doubleValue());
                scripted.await(d -> expected.equals(textOf(scripted, "estimate")));

                assertThat(pageIsMarked(scripted)).isTrue();
                assertThat(scripted.driver.getTitle()).isEqualTo("Weight estimate");
                assertThat(resultMarkup(scripted)).isEqualTo(rendered);
            } finally {
                leave(scripted);
            }
        }
    }

    /**
     * A model with a fourth input, by least squares and by gradient-boosted trees: four fields, and the estimate,
     * with and without the script.
     */
    @ParameterizedTest(name = "{1}, JavaScript on: {0}")
    @CsvSource({"true, linear", "false, linear", "true, gbm", "false, gbm"})
    void aModelWithAFourthInputGetsAFourthField(boolean javascript, String family) throws Exception {
        Chromium browser = javascript ? scripted : plain;
        Path model = family.equals("gbm") ? ExampleModels.gbm() : ExampleModels.linear();
        try (Deployment other = new JettyContainer().deploy(Container.builtWar(), "/education",
                Map.of("salary.model", model.toString()))) {
            served = other;
            try {
                browser.driver.get(at(""));
                assertThat(browser.script("return Array.prototype.map.call(document.querySelectorAll('input'),"
                        + " function (i) { return i.labels[0].textContent; })"))
                        .isEqualTo(List.of("Experience", "Test score", "Interview score", "Education years"));

                type(browser, "experience", "2");
                type(browser, "test_score", "9");
                type(browser, "interview_score", "6");
                type(browser, "education_years", "4").sendKeys(Keys.ENTER);
                String expected = UnitFormat.of("USD").format(predict("{\"experience\":2,\"test_score\":9,"
                        + "\"interview_score\":6,\"education_years\":4}").get("salary").doubleValue());

                browser.await(d -> expected.equals(textOf(browser, "estimate")));
                assertThat(browser.driver.findElements(By.cssSelector("#contributions svg.chart rect"))).hasSize(4);
                assertThat(browser.driver.getCurrentUrl())
                        .endsWith("/education/?experience=2&test_score=9&interview_score=6&education_years=4");
            } finally {
                leave(browser);
            }
        }
    }

    /**
     * A model with categories, missing values filled in and a log target: a category is chosen from a select,
     * a number the model fills in may stay blank, and the estimate comes with and without the script. With it,
     * the result built from the API's answer, the median's note and the percentages included, is character for
     * character the server's for the same address.
     */
    @ParameterizedTest(name = "JavaScript on: {0}")
    @ValueSource(booleans = {true, false})
    void aCategoryIsChosenFromASelectAndTheEstimateComesWithItsPercentages(boolean javascript) throws Exception {
        Chromium browser = javascript ? scripted : plain;
        Path file = Files.createDirectories(Path.of("target", "browser-models")).resolve("academic.json");
        Files.write(file, ModelFormat.write(TestModels.ACADEMIC));
        try (Deployment other = new JettyContainer().deploy(Container.builtWar(), "/academic",
                Map.of("salary.model", file.toAbsolutePath().toString()))) {
            served = other;
            try {
                browser.driver.get(at("?rank=AssocProf&discipline=&yrs_since_phd=12"));
                String rendered = resultMarkup(browser);
                browser.driver.get(at(""));
                markPage(browser);
                assertThat(browser.script("return Array.prototype.map.call(document.getElementById('discipline')"
                        + ".options, function (o) { return o.value + ':' + o.textContent; })"))
                        .isEqualTo(List.of(":Not known", "A:A", "B:B"));

                new Select(browser.driver.findElement(By.id("rank"))).selectByVisibleText("AssocProf");
                type(browser, "yrs_since_phd", "12").sendKeys(Keys.ENTER);
                String expected = UnitFormat.of("USD").format(predict("{\"rank\":\"AssocProf\",\"yrs_since_phd\":12}")
                        .get("salary").doubleValue());

                browser.await(d -> expected.equals(textOf(browser, "estimate")));
                assertThat(pageIsMarked(browser)).isEqualTo(javascript);
                assertThat(textOf(browser, "estimate-note")).startsWith("This is the median");
                assertThat(browser.driver.getCurrentUrl()).endsWith("/academic/?rank=AssocProf&discipline=&yrs_since_phd=12");
                assertThat(resultMarkup(browser)).isEqualTo(rendered).contains("% for AssocProf</text>")
                        .contains("% for B</text>");
            } finally {
                leave(browser);
            }
        }
    }

    /** Leaves the page of a deployment that is about to stop, so that nothing on it asks it for more. */
    private static void leave(Chromium browser) {
        browser.driver.get("about:blank");
        browser.forgetRequests();
    }

    // ---------------------------------------------------------------- layout

    @Test
    void nothingScrollsSidewaysAt360PixelsOr1440() {
        expectsBadRequests = true;
        for (int width : new int[] {360, 1440}) {
            scripted.viewport(width, 800);
            assertThat(scripted.number("return window.innerWidth")).isEqualTo(width);
            for (String query : List.of("", REFERENCE, "?experience=50&test_score=0&interview_score=10",
                    "?experience=abc&test_score=11&interview_score=")) {
                scripted.driver.get(at(query));
                assertThat(scripted.number("return document.documentElement.scrollWidth"))
                        .as("%d px, %s", width, query)
                        .isLessThanOrEqualTo(scripted.number("return document.documentElement.clientWidth"));
            }
        }
    }

    @Test
    void screenshotsAt360And1440Pixels() throws Exception {
        Path folder = Path.of("target", "screenshots");
        Files.createDirectories(folder);
        for (int width : new int[] {360, 1440}) {
            scripted.viewport(width, 800);
            scripted.driver.get(at(REFERENCE));
            // A full-page picture: the viewport as tall as the document. Without the scrollbar the text wraps
            // less and the document gets shorter, so measure again until it fits.
            for (int i = 0; i < 3 && scripted.number("return document.documentElement.scrollHeight - window.innerHeight") > 0; i++) {
                scripted.viewport(width, (int) scripted.number("return document.documentElement.scrollHeight"));
            }
            assertThat(scripted.number("return document.documentElement.scrollHeight"))
                    .isLessThanOrEqualTo(scripted.number("return window.innerHeight"));
            Path file = folder.resolve("page-" + width + ".png");
            Files.write(file, scripted.driver.getScreenshotAs(OutputType.BYTES));
            assertThat(Files.readAllBytes(file)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
    }

    @Test
    void everyTextMeetsWcagAaContrast() {
        expectsBadRequests = true;
        for (String query : List.of("?experience=30&test_score=9&interview_score=6", "?experience=abc")) {
            scripted.driver.get(at(query));
            @SuppressWarnings("unchecked")
            var failures = (List<String>) scripted.script(CONTRAST);
            assertThat(failures).as(query).isEmpty();
            assertThat(scripted.number("return document.querySelectorAll('p, li, label, dt, dd, h1, h2').length"))
                    .isGreaterThan(20);
        }
    }

    /**
     * Every element that holds text, its colour against the first opaque background behind it: 4.5:1, or 3:1
     * for large text (24 px, or 18.66 px bold), as WCAG 2.1 AA asks.
     */
    private static final String CONTRAST = """
            function rgb(text) { return text.match(/[\\d.]+/g).map(Number); }
            function luminance(c) {
              var v = c.slice(0, 3).map(function (x) {
                x = x / 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
              return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
            }
            function background(node) {
              for (; node && node.nodeType === 1; node = node.parentNode) {
                var c = rgb(getComputedStyle(node).backgroundColor);
                if (c.length < 4 || c[3] === 1) return c;
              }
              return [255, 255, 255];
            }
            var failures = [];
            document.querySelectorAll('body *').forEach(function (node) {
              var text = Array.prototype.some.call(node.childNodes, function (child) {
                return child.nodeType === 3 && child.textContent.trim() !== ''; });
              if (!text || node.closest('svg, title, script')) return;
              var style = getComputedStyle(node);
              var a = luminance(rgb(style.color)), b = luminance(background(node));
              var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              var size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
              var needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
              if (ratio < needed) failures.push(node.tagName + ' "' + node.textContent.trim().slice(0, 40) + '" '
                + ratio.toFixed(2) + ':1');
            });
            return failures;
            """;

    // ---------------------------------------------------------------- weight and origin

    @Test
    void firstPaintIsOneHtmlOneCssAndOneScriptUnder50KilobytesAllFromTheApp() throws Exception {
        scripted.driver.get(at(REFERENCE));
        scripted.await(d -> "complete".equals(scripted.script("return document.readyState")));

        @SuppressWarnings("unchecked")
        var resources = (List<String>) scripted.script(
                "return performance.getEntriesByType('resource').map(function (e) { return e.name; })");
        String origin = origin();
        assertThat(resources).allMatch(url -> url.startsWith(origin + "/"));
        assertThat(resources).filteredOn(url -> url.endsWith(".css")).containsExactly(at("page.css"));
        assertThat(resources).filteredOn(url -> url.endsWith(".js")).containsExactly(at("page.js"));
        assertThat(resources).hasSize(2);

        // The icon comes after the first paint, but it is part of the page's weight.
        long bytes = 0;
        for (String url : List.of(at(REFERENCE), at("page.css"), at("page.js"), at("favicon.svg"))) {
            var reply = http.get(URI.create(url));
            assertThat(reply.status()).as(url).isEqualTo(200);
            bytes += reply.body().getBytes(StandardCharsets.UTF_8).length;
        }
        assertThat(bytes).isLessThan(50 * 1024);
    }

    /** The origin check above sees what the page asks of another origin, so it can fail. */
    @Test
    void aNavigationToAnotherOriginIsSeenByTheOriginCheck() {
        plain.driver.get(at(REFERENCE));
        // The same server under another host name is another origin.
        String elsewhere = at(REFERENCE).replace("://127.0.0.1:", "://localhost:");
        plain.script("document.location.href = arguments[0]", elsewhere);
        plain.await(d -> elsewhere.equals(d.getCurrentUrl()));

        assertThat(plain.pageRequests()).contains(at(REFERENCE), elsewhere);
    }

    /** What the browser loads of its own, in the tab under test, is not a request of the page. */
    @Test
    void theBrowsersOwnPagesAreLeftOutOfTheOriginCheck() {
        plain.driver.get("chrome://version/");
        plain.driver.get(at(REFERENCE));

        List<Chromium.Request> requests = plain.requests();
        assertThat(requests).extracting(Chromium.Request::url).anyMatch(url -> url.startsWith("chrome://version"));
        assertThat(plain.pageRequests(requests)).startsWith(at(REFERENCE), at("page.css"))
                .allMatch(url -> url.startsWith(origin() + "/"));
    }

    // ---------------------------------------------------------------- helpers

    private String at(String relative) {
        return served.base().resolve(relative).toString();
    }

    private String origin() {
        URI base = served.base();
        return base.getScheme() + "://" + base.getAuthority();
    }

    private JsonNode predict(String body) throws Exception {
        var reply = http.postJson(served.base().resolve("api/v1/predict"), body);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    private static WebElement type(Chromium browser, String id, String text) {
        WebElement input = browser.driver.findElement(By.id(id));
        input.clear();
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
        return input;
    }

    private static String textOf(Chromium browser, String id) {
        var found = browser.driver.findElements(By.id(id));
        return found.isEmpty() ? null : found.get(0).getText();
    }

    /** Marks the document; a new page load loses the mark. */
    private static void markPage(Chromium browser) {
        browser.script("window.samePage = true");
        // WebDriver's scripts run even where the page's own may not; without this the check below proves nothing.
        assertThat(pageIsMarked(browser)).isTrue();
    }

    private static boolean pageIsMarked(Chromium browser) {
        return Boolean.TRUE.equals(browser.script("return window.samePage === true"));
    }

    /** The result's markup with the whitespace between elements and the namespace declaration left out. */
    private static String resultMarkup(Chromium browser) {
        String html = (String) browser.script("return document.getElementById('result').outerHTML");
        return html.replaceAll(">\\s+<", "><").replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
    }

}
