package com.salaryml.training;

import java.util.List;

/** The training data cannot be used. The message names the file and, where there is one, the line and column. */
final class DataException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    DataException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    DataException(String problem) {
        this(List.of(problem));
    }

    List<String> problems() {
        return problems;
    }
}
