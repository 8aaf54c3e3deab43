package com.salaryml.artifact.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.NumberFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitFormatTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            USD | 52062.76112207886 | $52,062.76
            USD | 0                 | $0.00
            USD | -7391.453560442589 | -$7,391.45
            EUR | 1234.5            | €1,234.50
            GBP | 999999.999        | £1,000,000.00
            JPY | 52062.76          | ¥52,063
            INR | 1234567           | ₹1,234,567.00
            CHF | 1234.5            | CHF 1,234.50
            KWD | 1.5               | KWD 1.500
            %   | 12.5              | 12.5%
            %   | 12.345            | 12.35%
            kg  | 12.3              | 12.3 kg
            kg  | 12                | 12 kg
            kg  | 1234.5678         | 1,234.57 kg
            points out of 10 | 7  | 7 points out of 10
            usd | 5               | 5 usd
            ABC | 5               | 5 ABC
            """)
    void writesAnAmountByTheRulesOfItsUnit(String unit, double value, String expected) {
        assertThat(UnitFormat.of(unit).format(value)).isEqualTo(expected);
    }

    @Test
    void anEmptyUnitWritesTheNumberAlone() {
        assertThat(UnitFormat.of("").format(1234.5)).isEqualTo("1,234.5");
        assertThat(UnitFormat.of("  ").format(3)).isEqualTo("3");
    }

    @Test
    void givesThePartsThePageScriptApplies() {
        assertThat(UnitFormat.of("USD")).isEqualTo(new UnitFormat("$", "", 2, 2));
        assertThat(UnitFormat.of("CHF")).isEqualTo(new UnitFormat("CHF ", "", 2, 2));
        assertThat(UnitFormat.of("JPY")).isEqualTo(new UnitFormat("¥", "", 0, 0));
        assertThat(UnitFormat.of("kg")).isEqualTo(new UnitFormat("", " kg", 0, 2));
        assertThat(UnitFormat.of("%")).isEqualTo(new UnitFormat("", "%", 0, 2));
    }

    /**
     * Halves round away from zero from the exact binary value, as the page's script (Intl.NumberFormat) rounds:
     * 0.125 is exact and goes up; 1.005 is really 1.00499999999999989... and goes down.
     */
    @Test
    void roundsHalvesAwayFromZeroFromTheExactValue() {
        assertThat(UnitFormat.of("USD").format(0.125)).isEqualTo("$0.13");
        assertThat(UnitFormat.of("USD").format(-0.125)).isEqualTo("-$0.13");
        assertThat(UnitFormat.of("USD").format(1.005)).isEqualTo("$1.00");
        assertThat(UnitFormat.of("JPY").format(2.5)).isEqualTo("¥3");
    }

    /** For US dollars, the same text as Java's own US currency format, wherever it has no exact half to round. */
    @Test
    void writesDollarsAsJavasUsCurrencyFormatDoes() {
        var random = new SplittableRandom(7);
        NumberFormat java = NumberFormat.getCurrencyInstance(Locale.US);
        for (int i = 0; i < 10_000; i++) {
            double value = (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(8));
            assertThat(UnitFormat.of("USD").format(value)).as("%s", value).isEqualTo(java.format(value));
        }
    }

    @Test
    void aValueThatIsNotFiniteIsWrittenAsJavaWritesIt() {
        assertThat(UnitFormat.of("USD").format(Double.NaN)).isEqualTo("NaN");
        assertThat(UnitFormat.of("kg").format(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void refusesDecimalsThatMakeNoSense() {
        assertThatThrownBy(() -> new UnitFormat("", "", 3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnitFormat("", "", -1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
