package com.salaryml.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.schema.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void titleIsTheStatusInWords() {
        assertThat(Problem.titleOf(400)).isEqualTo("Bad Request");
        assertThat(Problem.titleOf(404)).isEqualTo("Not Found");
        assertThat(Problem.titleOf(405)).isEqualTo("Method Not Allowed");
        assertThat(Problem.titleOf(406)).isEqualTo("Not Acceptable");
        assertThat(Problem.titleOf(413)).isEqualTo("Content Too Large");
        assertThat(Problem.titleOf(415)).isEqualTo("Unsupported Media Type");
        assertThat(Problem.titleOf(409)).isEqualTo("Conflict");
        assertThat(Problem.titleOf(422)).isEqualTo("Unprocessable Content");
        assertThat(Problem.titleOf(503)).isEqualTo("Service Unavailable");
    }

    @Test
    void otherStatusesGetAGenericTitle() {
        assertThat(Problem.titleOf(500)).isEqualTo("Internal Server Error");
        assertThat(Problem.titleOf(502)).isEqualTo("Internal Server Error");
        assertThat(Problem.titleOf(410)).isEqualTo("Error");
    }

    @Test
    void ofHasTheTitleOfItsStatusAndNoErrors() {
        var problem = Problem.of(415, "No.");

        assertThat(problem).isEqualTo(new Problem(415, "Unsupported Media Type", "No.", List.of()));
    }

    @Test
    void oneInvalidFieldIsSpelledOutInTheDetail() {
        var error = new FieldError("instances[1].experience", "must be a number, was a string");

        var problem = Problem.invalid(List.of(error));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.title()).isEqualTo("Bad Request");
        assertThat(problem.detail())
                .isEqualTo("The input is invalid: instances[1].experience: must be a number, was a string.");
        assertThat(problem.errors()).containsExactly(error);
    }

    @Test
    void severalInvalidFieldsAreCountedInTheDetailAndListedInErrors() {
        var errors = List.of(new FieldError("experience", "must be a number, was null"),
                new FieldError("test_score", "must be between 0 and 10 points out of 10, was 11"));

        var problem = Problem.invalid(errors);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).isEqualTo("2 input fields are invalid; see errors.");
        assertThat(problem.errors()).isEqualTo(errors);
    }

    @Test
    void errorsAreCopied() {
        var errors = new ArrayList<FieldError>();
        errors.add(new FieldError("a", "b"));

        var problem = Problem.invalid(errors);
        errors.clear();

        assertThat(problem.errors()).hasSize(1);
    }
}
