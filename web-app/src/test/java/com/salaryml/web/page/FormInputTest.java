package com.salaryml.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormInputTest {

    private static FormInput parse(String experience, String testScore, String interviewScore) {
        var submitted = new LinkedHashMap<String, String>();
        submitted.put("experience", experience);
        submitted.put("test_score", testScore);
        submitted.put("interview_score", interviewScore);
        return FormInput.parse(TestModel.SCHEMA, QueryStrings.of(submitted));
    }

    @Test
    void aFieldGivenTwiceIsAnErrorOfThatFieldAndNoValueIsChosen() {
        assertOnlyExperienceRefused("experience=2&test_score=9&experience=3&interview_score=6",
                "Given twice in the address (\u201c2\u201d, \u201c3\u201d). Enter one number from 0 to 50 years.",
                "2");
    }

    @Test
    void theSameValueGivenThreeTimesIsStillAnError() {
        var input = parseQuery("experience=2&test_score=9&test_score=9&test_score=9&interview_score=6");

        assertThat(input.errors()).containsOnlyKeys("test_score");
        assertThat(input.errors().get("test_score")).startsWith("Given 3 times in the address");
    }

    @Test
    void aFieldInABrokenEncodingIsAnErrorOfThatField() {
        assertOnlyExperienceRefused("experience=%zz&test_score=9&interview_score=6",
                "The address holds this field in a broken encoding. Enter a number from 0 to 50 years.",
                "");
    }

    @Test
    void threeValidValuesGiveValuesAndNoErrors() {
        var input = parse("2", "9", "6");

        assertThat(input.errors()).isEmpty();
        assertThat(input.invalidFields()).isEmpty();
        assertThat(input.values()).contains(Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0));
    }

    @Test
    void decimalsSignsAndTheEndsOfTheRangeAreValid() {
        var input = parse("50", "+7.5", ".5");

        assertThat(input.errors()).isEmpty();
        assertThat(input.values()).contains(Map.of("experience", 50.0, "test_score", 7.5, "interview_score", 0.5));
        assertThat(parse("0", "0.0", "10").values())
                .contains(Map.of("experience", 0.0, "test_score", 0.0, "interview_score", 10.0));
    }

    @Test
    void surroundingSpacesAreIgnoredForTheValueButKeptInWhatWasTyped() {
        var input = parse(" 2 ", "\t9", "6\n");

        assertThat(input.values()).contains(Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0));
        assertThat(input.typed()).containsExactly(
                Map.entry("experience", " 2 "), Map.entry("test_score", "\t9"), Map.entry("interview_score", "6\n"));
    }

    @Test
    void blankAndMissingFieldsEachGetOneErrorNamingTheRange() {
        var input = parse("", "   ", null);

        assertThat(input.values()).isEmpty();
        assertThat(input.errors()).containsExactly(
                Map.entry("experience", "Enter a number from 0 to 50 years."),
                Map.entry("test_score", "Enter a number from 0 to 10 points out of 10."),
                Map.entry("interview_score", "Enter a number from 0 to 10 points out of 10."));
        assertThat(input.invalidFields()).containsExactly("experience", "test_score", "interview_score");
        assertThat(input.typed()).containsExactly(
                Map.entry("experience", ""), Map.entry("test_score", "   "), Map.entry("interview_score", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0x10", "NaN", "1e3", "Infinity", "-Infinity", "1,5", "2 years", "1.2.3", "+",
            "-", ".", "\u0663"})
    void nonNumericTextIsOneErrorThatQuotesItAndNamesTheRange(String junk) {
        var input = parse("2", junk, "6");

        assertThat(input.values()).isEmpty();
        assertThat(input.errors()).containsOnlyKeys("test_score");
        assertThat(input.errors().get("test_score"))
                .isEqualTo("\u201c" + junk + "\u201d is not a number. Enter a number like 3 or 7.5,"
                        + " from 0 to 10 points out of 10.");
        assertThat(input.typed()).containsEntry("test_score", junk);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-0.001", "10.001", "11", "999999999999999"})
    void outOfRangeValueIsOneErrorNamingTheRangeAndTheValue(String value) {
        var input = parse("2", "9", value);

        assertThat(input.values()).isEmpty();
        assertThat(input.errors()).containsExactly(Map.entry("interview_score",
                "Enter a number from 0 to 10 points out of 10; " + value + " is out of range."));
    }

    @Test
    void everyInvalidFieldIsReportedInFormOrder() {
        var input = parse("51", "abc", "");

        assertThat(input.invalidFields()).containsExactly("experience", "test_score", "interview_score");
        assertThat(input.errors().get("experience")).contains("0 to 50 years").contains("51 is out of range");
        assertThat(input.errors().get("test_score")).contains("\u201cabc\u201d is not a number");
        assertThat(input.errors().get("interview_score")).isEqualTo("Enter a number from 0 to 10 points out of 10.");
    }

    @Test
    void oneInvalidFieldWithholdsTheOtherValues() {
        var input = parse("2", "9", "x");

        assertThat(input.values()).isEmpty();
        assertThat(input.errors()).containsOnlyKeys("interview_score");
    }

    @Test
    void whatWasTypedIsKeptVerbatimEvenWhenItIsMarkup() {
        String typed = "<script>alert(\"x\")</script>";

        var input = parse(typed, "9", "6");

        assertThat(input.typed()).containsEntry("experience", typed);
        assertThat(input.errors().get("experience")).contains(typed);
    }

    @Test
    void veryLongJunkIsShortenedInTheMessageButKeptInWhatWasTyped() {
        String junk = "a".repeat(40) + "#".repeat(10_000);

        var input = parse(junk, "9", "6");

        String message = input.errors().get("experience");
        assertThat(message)
                .startsWith("\u201c" + "a".repeat(40) + "\u2026\u201d is not a number.")
                .doesNotContain("#")
                .hasSizeLessThan(200);
        assertThat(input.typed().get("experience")).isEqualTo(junk);
    }

    @Test
    void junkOfExactlyFortyCharactersIsNotShortened() {
        String junk = "z".repeat(40);

        assertThat(parse(junk, "9", "6").errors().get("experience"))
                .startsWith("\u201c" + junk + "\u201d").doesNotContain("\u2026");
    }

    @Test
    void emptyFormHasNoErrorsAndNoValues() {
        var input = FormInput.empty(TestModel.SCHEMA);

        assertThat(input.errors()).isEmpty();
        assertThat(input.invalidFields()).isEmpty();
        assertThat(input.values()).isEmpty();
        assertThat(input.typed()).containsExactly(
                Map.entry("experience", ""), Map.entry("test_score", ""), Map.entry("interview_score", ""));
    }

    private static FormInput parseQuery(String query) {
        return FormInput.parse(TestModel.SCHEMA, QueryString.parse(query));
    }

    /** Parsing the query gives no values, only the error for experience, and keeps what was typed there. */
    private static void assertOnlyExperienceRefused(String query, String error, String typed) {
        var input = parseQuery(query);
        assertThat(input.values()).isEmpty();
        assertThat(input.errors()).containsExactly(Map.entry("experience", error));
        assertThat(input.typed()).containsEntry("experience", typed);
    }
}
