package com.salaryml.training;

import java.math.BigDecimal;

/**
 * Formats numbers for messages and the review report: {@code 10} rather than {@code 10.0}, {@code 0.0005}
 * rather than {@code 5.0E-4}. The one such helper in this module; model-artifact has its own, for its own
 * messages, since the contract module exports no formatting but {@code UnitFormat}, for amounts in a target's unit.
 */
final class Numbers {

    private Numbers() {
    }

    /** The value in plain decimal notation with no trailing zeros; NaN and the infinities as Java spells them. */
    static String plain(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
