package com.salaryml.training;

import java.util.regex.Pattern;

/** English for the trainer's output, where a unit from the schema file meets a sentence. */
final class Words {

    /** A plain lower-case word; anything else (kg, USD, Celsius, m/s) is written as the schema file has it. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[a-z]{3,}");

    private Words() {
    }

    /**
     * The unit as "one of it", for "USD per year": the first word made singular when it is a regular English
     * plural, the rest as written. {@code years} is {@code year}, {@code points out of 10} is
     * {@code point out of 10}, {@code inches} is {@code inch}; {@code kg}, {@code USD} and {@code status} stay.
     */
    static String singular(String unit) {
        int space = unit.indexOf(' ');
        String first = space < 0 ? unit : unit.substring(0, space);
        String rest = space < 0 ? "" : unit.substring(space);
        if (!PLAIN_WORD.matcher(first).matches()) {
            return unit;
        }
        if (first.endsWith("ches") || first.endsWith("shes") || first.endsWith("sses") || first.endsWith("xes")) {
            return first.substring(0, first.length() - 2) + rest;
        }
        if (first.endsWith("s") && !first.endsWith("ss") && !first.endsWith("us") && !first.endsWith("is")) {
            return first.substring(0, first.length() - 1) + rest;
        }
        return unit;
    }
}
