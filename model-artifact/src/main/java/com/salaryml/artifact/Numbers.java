package com.salaryml.artifact;

import java.math.BigDecimal;

/** Formats numbers for messages: {@code 10} rather than {@code 10.0}, never scientific notation. */
final class Numbers {

    private Numbers() {
    }

    static String plain(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
