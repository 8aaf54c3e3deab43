package com.salaryml.training;

import java.util.List;

/** The training data cannot be used. The message names the file and, where there is one, the line and column. */
public final class DataException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /**
     * Data with one or more problems.
     *
     * @param problems what is wrong, one message each, naming the file and, where there is one, line and column
     */
    public DataException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Data with one problem.
     *
     * @param problem what is wrong, naming the file and, where there is one, line and column
     */
    public DataException(String problem) {
        this(List.of(problem));
    }

    /**
     * Every problem found, one message each, as the command prints them.
     *
     * @return the messages, in the order found
     */
    public List<String> problems() {
        return problems;
    }
}
