package com.salaryml.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.web.Approvals;
import com.salaryml.web.config.Stage;
import com.salaryml.web.monitoring.DriftReport;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PageViewTest {

    private static final List<String> FIELDS = List.of("experience", "test_score", "interview_score");
    private static final Pattern INPUT = Pattern.compile("<input[^>]*>");

    private static FormInput submitted(String experience, String testScore, String interviewScore) {
        var values = Map.of("experience", experience, "test_score", testScore, "interview_score", interviewScore);
        return FormInput.parse(TestModel.SCHEMA, QueryStrings.of(values));
    }

    private static String predicted() {
        return PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION, submitted("2", "9", "6"),
                TestModel.prediction(52062.76));
    }

    /** The {@code <input>} tag whose id is {@code id}. */
    private static String input(String html, String id) {
        var tags = new ArrayList<String>();
        var matcher = INPUT.matcher(html);
        while (matcher.find()) {
            if (matcher.group().contains(" id=\"" + id + "\"")) {
                tags.add(matcher.group());
            }
        }
        assertThat(tags).as("inputs with id %s", id).hasSize(1);
        return tags.get(0);
    }

    @Test
    void warnsInAboutThisModelOfFeaturesWhoseInputsDrifted() {
        var drifted = List.of(
                new DriftReport.Quantity("experience", 0.3141, DriftReport.ChiSquare.NONE, DriftReport.Status.DRIFT,
                        null, List.of()),
                new DriftReport.Quantity("test_score", 0.25, DriftReport.ChiSquare.NONE, DriftReport.Status.DRIFT,
                        null, List.of()));
        String html = PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION,
                FormInput.empty(TestModel.SCHEMA), null, drifted);

        String about = html.substring(html.indexOf("<section class=\"about\""));
        assertThat(about).contains("<p class=\"drift-warning\" id=\"drift-warning\">Recent inputs differ from the"
                + " training data: experience (PSI 0.31), test score (PSI 0.25).");
    }

    @Test
    void noDriftNoWarning() {
        assertThat(predicted()).doesNotContain("drift-warning").doesNotContain("Recent inputs differ");
    }

    @Test
    void showsTheEstimateAsMoneyWithTheModelNameAndVersion() {
        String html = predicted();

        assertThat(html).contains("<p class=\"estimate\" id=\"estimate\">$52,062.76</p>");
        assertThat(html).contains("Model salary version 1.0.0");
        assertThat(html).contains("<title>Salary estimate</title>");
        assertThat(html).doesNotContain("error-summary", "aria-invalid");
    }

    @Test
    void keepsWhatWasTypedInTheFields() {
        String html = predicted();

        assertThat(input(html, "experience")).contains(" name=\"experience\"", " value=\"2\"");
        assertThat(input(html, "test_score")).contains(" name=\"test_score\"", " value=\"9\"");
        assertThat(input(html, "interview_score")).contains(" name=\"interview_score\"", " value=\"6\"");
    }

    @Test
    void everyLabelIsTiedToItsInputAndEveryInputToItsHelp() {
        String html = predicted();

        assertThat(html).contains("<label for=\"experience\">Experience</label>",
                "<label for=\"test_score\">Test score</label>",
                "<label for=\"interview_score\">Interview score</label>");
        for (String name : FIELDS) {
            assertThat(html).contains("<p class=\"help\" id=\"" + name + "-help\">");
            assertThat(input(html, name)).contains(" aria-describedby=\"" + name + "-help\"")
                    .doesNotContain("aria-invalid");
        }
        assertThat(html).contains("<p class=\"help\" id=\"experience-help\">Years of professional experience,"
                + " 0 to 50 years</p>");
        assertThat(input(html, "experience")).contains(" min=\"0\"", " max=\"50\"", " step=\"any\"");
    }

    @Test
    void onlyInvalidFieldsAreMarkedInvalidAndPointAtTheirError() {
        String html = PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION, submitted("2", "abc", "11"), null);

        assertThat(input(html, "experience")).contains(" aria-describedby=\"experience-help\"")
                .doesNotContain("aria-invalid");
        for (String name : List.of("test_score", "interview_score")) {
            assertThat(input(html, name))
                    .contains(" aria-describedby=\"" + name + "-error " + name + "-help\"", " aria-invalid=\"true\"");
            assertThat(html).contains("<p class=\"field-error\" id=\"" + name + "-error\">");
        }
        assertThat(html).doesNotContain("id=\"experience-error\"");
        assertThat(html.split("aria-invalid", -1)).hasSize(3);
    }

    @Test
    void invalidInputGetsAnErrorTitleAndASummaryLinkingToEachField() {
        String html = PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION, submitted("2", "abc", "11"), null);

        assertThat(html).contains("<title>Error: Salary estimate</title>", "Please correct these fields",
                "<a href=\"#test_score\">Test score: ", "<a href=\"#interview_score\">Interview score: ",
                "Enter a number from 0 to 10 points out of 10; 11 is out of range.");
        assertThat(html).doesNotContain("href=\"#experience\"", "id=\"estimate\"");
        assertThat(PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION, submitted("2", "9", ""), null))
                .contains("Please correct this field");
    }

    @Test
    void anUnsubmittedFormHasEmptyFieldsAndNoResultOrErrors() {
        String html = PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION, FormInput.empty(TestModel.SCHEMA), null);

        for (String name : FIELDS) {
            assertThat(input(html, name)).contains(" value=\"\"").doesNotContain("aria-invalid");
        }
        assertThat(html).doesNotContain("id=\"estimate\"", "error-summary", "field-error");
        assertThat(html).contains("<dd>salary version 1.0.0</dd>", "Linear regression (ordinary least squares)",
                "8 rows of hiring.csv");
    }

    @Test
    void typedValuesAreEscapedEverywhereTheyAppear() {
        String attack = "\"><script>alert('x')</script><img src=x onerror=alert(1)>";

        String html = PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION, submitted(attack, "9", "6"), null);

        // The page's own script tag is the only one.
        assertThat(html).doesNotContain("<script>", "<img", "\"><");
        assertThat(html.split("<script", -1)).hasSize(2);
        assertThat(input(html, "experience")).contains(" value=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)"
                + "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;\"");
        assertThat(html).contains("<p class=\"field-error\" id=\"experience-error\">\u201c&quot;&gt;&lt;script&gt;");
    }

    @Test
    void textFromTheModelFileIsEscaped() {
        var schema = new FeatureSchema(List.of(
                new Feature("experience", "years & <months>", "Years of <b>\"real\"</b> work", 0, 50)));

        String html = PageView.render(TestModel.metadata(schema), Approvals.APPROVED, Stage.PRODUCTION, FormInput.empty(schema), null);

        assertThat(html).contains("Years of &lt;b&gt;&quot;real&quot;&lt;/b&gt; work, 0 to 50 years &amp; &lt;months&gt;",
                "<dt>Model</dt><dd>salary version 1.0.0</dd>");
        assertThat(html).doesNotContain("<b>", "<months>");
    }

    @Test
    void theMarkupHasOnlyTheOneExternalScriptAndNoInlineStyle() {
        for (String html : List.of(predicted(),
                PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION, submitted("x", "", "-1"), null),
                PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION, FormInput.empty(TestModel.SCHEMA), null))) {
            assertThat(html.split("(?i)<script", -1)).hasSize(2);
            assertThat(html).contains("<script src=\"page.js\" defer></script>")
                    .doesNotContainIgnoringCase("style=").doesNotContainPattern("(?i)\\son[a-z]+=")
                    .contains("<link rel=\"stylesheet\" href=\"page.css\">");
        }
        // Without a form there is nothing to enhance.
        assertThat(PageView.unavailable(Stage.STAGING)).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("style=")
                .contains("<link rel=\"stylesheet\" href=\"page.css\">");
    }

    @Test
    void focusStartsOnTheFirstInvalidFieldOnly() {
        String html = PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION, submitted("2", "abc", "11"), null);

        assertThat(input(html, "test_score")).contains(" autofocus");
        assertThat(html.split("autofocus", -1)).hasSize(2);
        assertThat(predicted()).doesNotContain("autofocus");
    }

    @Test
    void theLiveRegionIsThereBeforeAnyResultSoTheScriptCanFillIt() {
        String empty = PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION, FormInput.empty(TestModel.SCHEMA), null);
        String region = "<div class=\"result-region\" id=\"result-region\" aria-live=\"polite\">";

        assertThat(empty).contains(region + "\n</div>").contains("<form method=\"get\" action=\"./\" id=\"estimate-form\"");
        assertThat(predicted()).contains(region + "\n<section class=\"result\" id=\"result\">");
        assertThat(predicted().split("aria-live", -1)).hasSize(2);
    }

    @Test
    void labelCapitalisesTheNameAndSpellsUnderscoresAsSpaces() {
        assertThat(PageView.label(TestModel.SCHEMA.features().get(0))).isEqualTo("Experience");
        assertThat(PageView.label(TestModel.SCHEMA.features().get(1))).isEqualTo("Test score");
        assertThat(PageView.label(new Feature("x", "u", "d", 0, 1))).isEqualTo("X");
    }

    @Test
    void amountsAreWrittenInTheTargetsUnit() {
        assertThat(PageView.amount(TestModel.METADATA, 52062.76)).isEqualTo("$52,062.76");
        assertThat(PageView.amount(TestModel.METADATA, 0)).isEqualTo("$0.00");
        assertThat(PageView.amount(TestModel.METADATA, 1234567.891)).isEqualTo("$1,234,567.89");
        assertThat(PageView.amount(TestModel.metadata(TestModel.SCHEMA, new Target("price", "EUR")), 1234.5))
                .isEqualTo("€1,234.50");
        assertThat(PageView.amount(TestModel.metadata(TestModel.SCHEMA, new Target("weight", "kg")), 12.3))
                .isEqualTo("12.3 kg");
    }

    /** Nothing on the page names a target or an input the model does not have. */
    @Test
    void thePageFollowsTheModelsTargetAndInputs() {
        var schema = new FeatureSchema(List.of(new Feature("height", "cm", "Height", 40, 250),
                new Feature("shoe_size", "EU", "Shoe size", 15, 55)));
        var model = TestModel.metadata(schema, new Target("body_weight", "kg"));

        String html = PageView.render(model, Approvals.APPROVED, Stage.PRODUCTION, FormInput.empty(schema), null);

        assertThat(html).contains("<title>Body weight estimate</title>", "<h1>Body weight estimate</h1>",
                "<p class=\"lede\">Estimate body weight from height and shoe size.</p>",
                "<button type=\"submit\">Estimate body weight</button>",
                "<label for=\"height\">Height</label>", "<label for=\"shoe_size\">Shoe size</label>",
                "data-target=\"body_weight\" data-unit=\"kg\" data-prefix=\"\" data-suffix=\" kg\""
                        + " data-min-decimals=\"0\" data-max-decimals=\"2\"")
                // The model's name is still the shipped model's, salary; nothing else of it is left.
                .doesNotContain("Salary", "salary estimate", "experience", "$", "USD", "hire");
        assertThat(PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION, FormInput.empty(TestModel.SCHEMA), null))
                .contains("data-target=\"salary\" data-unit=\"USD\" data-prefix=\"$\" data-suffix=\"\""
                        + " data-min-decimals=\"2\" data-max-decimals=\"2\"");
    }

    @Test
    void theUnavailablePageNamesNoModel() {
        assertThat(PageView.unavailable(Stage.PRODUCTION)).contains("<title>Estimate unavailable</title>",
                "The model is not loaded").doesNotContainIgnoringCase("salary").doesNotContain("stage-banner");
    }

    /** A staging instance without a model is still staging, and says so as its pages with a model do. */
    @Test
    void theUnavailablePageShowsTheStageOutsideProduction() {
        assertThat(PageView.unavailable(Stage.STAGING))
                .contains("<p class=\"stage-banner\" id=\"stage-banner\">Staging environment: not for real"
                        + " decisions.</p>");
        assertThat(PageView.unavailable(Stage.DEVELOPMENT)).contains("Development environment");
    }

    @Test
    void aboutThisModelNamesTheApproverTheSigningTimeAndTheFilesDigest() {
        String html = PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION,
                FormInput.empty(TestModel.SCHEMA), null);

        assertThat(html).contains("<dt>Approved by</dt><dd id=\"approval\">CN=Alice Example,OU=Data Science,"
                        + "O=Example Org, signed 29 November 2026, 10:15 UTC</dd>",
                "<dd class=\"digest\" id=\"approval-key\">sha256:" + "fedcba9876543210".repeat(4) + "</dd>",
                "<dd class=\"digest\" id=\"model-sha256\">" + Approvals.SHA256 + "</dd>");
    }

    @Test
    void anUnsignedModelIsSaidToBeOneInAboutThisModel() {
        String html = PageView.render(TestModel.METADATA, Approvals.UNSIGNED, Stage.DEVELOPMENT,
                FormInput.empty(TestModel.SCHEMA), null);

        assertThat(html).contains("<dd class=\"unapproved\" id=\"approval\">This model is not signed by an"
                + " approver.").contains(Approvals.SHA256).doesNotContain("Approved by");
    }

    @Test
    void theApproversNameIsEscapedLikeEveryOtherValue() {
        var approval = new com.salaryml.web.serving.ApprovalStatus.Approved(new com.salaryml.artifact.signing.Approval(
                "CN=<script>alert(1)</script>", "sha256:00", java.time.Instant.EPOCH, "m.json", Approvals.SHA256));

        String html = PageView.render(TestModel.METADATA, approval, Stage.PRODUCTION, FormInput.empty(TestModel.SCHEMA),
                null);

        assertThat(html).contains("CN=&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
    }
}
