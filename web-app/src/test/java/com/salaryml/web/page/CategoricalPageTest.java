package com.salaryml.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.TestModels;
import com.salaryml.web.Approvals;
import com.salaryml.web.config.Stage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The page for a model with categories, missing values filled in and a log target ({@link TestModels#ACADEMIC}:
 * rank refused when missing, discipline filled with B, yrs_since_phd with 21): a select of levels per category,
 * blank choices and optional numbers where the model fills a gap in, and a result whose estimate is the median
 * and whose contributions are percentages.
 */
class CategoricalPageTest {

    private static final Model MODEL = TestModels.ACADEMIC;

    private static FormInput submitted(String rank, String discipline, String years) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("rank", rank);
        fields.put("discipline", discipline);
        fields.put("yrs_since_phd", years);
        return FormInput.parse(MODEL.metadata().schema(), QueryStrings.of(fields));
    }

    private static String render(FormInput input, Prediction prediction) {
        return PageView.render(MODEL.metadata(), Approvals.APPROVED, Stage.PRODUCTION, input, prediction);
    }

    @Test
    void aLevelIsReadAsTextAndABlankFieldIsMissingWhereTheModelFillsItIn() {
        FormInput input = submitted("Prof", "", "");

        assertThat(input.errors()).isEmpty();
        var expected = new HashMap<String, Object>();
        expected.put("rank", "Prof");
        expected.put("discipline", null);
        expected.put("yrs_since_phd", null);
        assertThat(input.values()).contains(expected);
        // Prof, and the values the model fills in: discipline B, 21 years.
        assertThat(MODEL.predict(input.values().get()).value()).isEqualTo(Math.exp(11 + 0.375 + 0.125 + 0.0078125 * 21));
    }

    @Test
    void aMissingCategoryThatIsRefusedOrAnotherTextIsAnErrorThatListsTheLevels() {
        assertThat(submitted("", "A", "10").errors())
                .containsExactly(Map.entry("rank", "Choose one of AsstProf, AssocProf, Prof."));
        assertThat(submitted("prof", "C", "ten").errors()).containsExactly(
                Map.entry("rank", "\u201cprof\u201d is not a choice. Choose one of AsstProf, AssocProf, Prof."),
                Map.entry("discipline", "\u201cC\u201d is not a choice. Choose one of A, B."),
                Map.entry("yrs_since_phd", "\u201cten\u201d is not a number. Enter a number like 3 or 7.5, from 0 to 70"
                        + " years."));
    }

    @Test
    void eachCategoryIsASelectOfItsLevelsWithABlankChoiceOnlyWhereMissingIsAllowed() {
        String html = render(FormInput.empty(MODEL.metadata().schema()), null);

        assertThat(html).contains("<select id=\"rank\" name=\"rank\" required aria-describedby=\"rank-help\">\n"
                + "<option value=\"\" disabled selected>Choose\u2026</option>\n"
                + "<option value=\"AsstProf\">AsstProf</option>\n"
                + "<option value=\"AssocProf\">AssocProf</option>\n"
                + "<option value=\"Prof\">Prof</option>\n</select>");
        assertThat(html).contains("<select id=\"discipline\" name=\"discipline\" data-missing=\"B\""
                + " aria-describedby=\"discipline-help\">\n<option value=\"\" selected>Not known</option>\n");
        assertThat(html).contains("If not known, the model uses B, the most frequent in training</p>");
        // A number the model fills in is not required; its help says with what.
        assertThat(html).contains("<input type=\"number\" inputmode=\"decimal\" id=\"yrs_since_phd\"")
                .contains("If left blank, the model uses 21 years, the training median</p>");
        assertThat(html).contains("<li>Rank: AsstProf 25%, AssocProf 25%, Prof 50%</li>");
    }

    @Test
    void theChosenLevelStaysSelected() {
        String html = render(submitted("AssocProf", "A", "10"), null);

        assertThat(html).contains("<option value=\"AssocProf\" selected>AssocProf</option>")
                .contains("<option value=\"\" disabled>Choose\u2026</option>")
                .contains("<option value=\"\">Not known</option>\n<option value=\"A\" selected>A</option>");
    }

    @Test
    void aLogTargetsEstimateIsTheMedianAndItsContributionsArePercentagesForTheirLevel() {
        FormInput input = submitted("Prof", "", "10");
        Prediction prediction = MODEL.predict(input.values().get());

        String html = render(input, prediction);

        // The worked example of docs/model-format.md: contributions 0.15625, 0.0625 and -0.09375 on the log scale.
        assertThat(html).contains("<p class=\"estimate\" id=\"estimate\">$106,737.20</p>\n"
                + "<p class=\"estimate-note\" id=\"estimate-note\">This is the median: the model estimates the"
                + " logarithm of salary, so as many cases like this one are expected above this amount as below it,"
                + " in USD.</p>");
        assertThat(html).contains(">+16.9% for Prof</text>", ">+6.4% for B</text>", ">\u22128.9%</text>");
        assertThat(100 * (Math.exp(0.15625) - 1)).isBetween(16.85, 16.95);
        assertThat(html).contains("on average over its training data the model estimates $"
                + "94,195.25; each input raises or lowers the estimate from there by the percentage shown.");
        assertThat(Math.exp(11.453125)).isBetween(94195.245, 94195.255);
        assertThat(html).contains("discipline was missing, so the most frequent level in training, B, was used in"
                + " its place");
    }

    @Test
    void percentagesAreRoundedHalfAwayFromZeroToOneDecimal() {
        assertThat(PageView.signedPercent(16.91)).isEqualTo("+16.9%");
        assertThat(PageView.signedPercent(-8.95)).isEqualTo("\u22128.9%"); // -8.95 is -8.949999... in binary
        assertThat(PageView.signedPercent(-0.25)).isEqualTo("\u22120.3%");
        assertThat(PageView.signedPercent(-0.01)).isEqualTo("+0.0%");
        assertThat(PageView.signedPercent(1234.5)).isEqualTo("+1,234.5%");
    }

    @Test
    void aModelOfItsOwnScaleStillShowsAmounts() {
        String html = PageView.render(TestModel.METADATA, Approvals.APPROVED, Stage.PRODUCTION,
                FormInput.parse(TestModel.SCHEMA, QueryStrings.of(Map.of("experience", "2", "test_score", "9",
                        "interview_score", "6"))), TestModel.MODEL.predict(Map.of("experience", 2.0, "test_score",
                        9.0, "interview_score", 6.0)));

        assertThat(html).doesNotContain("estimate-note").doesNotContain("%</text>").contains("$52,062.76");
    }
}
