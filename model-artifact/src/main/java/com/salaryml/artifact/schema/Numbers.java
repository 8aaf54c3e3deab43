package com.salaryml.artifact.schema;

import java.math.BigDecimal;

/** Formats numbers for messages: {@code 10} rather than {@code 10.0}, never scientific notation. */
public final class Numbers {

    private Numbers() {
    }

    /** {@code value} as a person writes it: {@code 10} for 10.0, {@code 0.0001} for 1.0E-4. */
    public static String plain(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
