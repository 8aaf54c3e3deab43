package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            years            | year
            points out of 10 | point out of 10
            hours per week   | hour per week
            inches           | inch
            boxes            | box
            classes          | class
            status           | status
            kg               | kg
            USD              | USD
            Celsius          | Celsius
            m/s              | m/s
            bus              | bus
            year             | year
            """)
    void aUnitReadsAsOneOfIt(String unit, String singular) {
        assertThat(Words.singular(unit)).isEqualTo(singular);
    }
}
