package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.schema.Numbers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumbersTest {

    @ParameterizedTest
    @CsvSource({
        "10.0, 10",
        "0.5, 0.5",
        "0.0005, 0.0005",
        "-2.50, -2.5",
        "1e21, 1000000000000000000000",
        "0.0, 0",
        "NaN, NaN",
        "Infinity, Infinity",
        "-Infinity, -Infinity"})
    void plainNumbersHaveNoExponentAndNoTrailingZeros(double value, String expected) {
        assertThat(Numbers.plain(value)).isEqualTo(expected);
    }
}
