package com.salaryml.artifact.schema;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How an amount in a model's target unit is written for people: the same way in the trainer's output and
 * report, on the web page, and in the page's script, which applies the same four parts ({@link #prefix()},
 * {@link #suffix()} and the decimals) that the page gives it. The rules, by the unit as the model names it:
 * <ol>
 *   <li>An ISO 4217 currency code, three capital letters that are a currency (USD, EUR, CHF, JPY): the
 *       currency's own number of decimals (2 for most, 0 for JPY), after its symbol for USD {@code $},
 *       EUR {@code €}, GBP {@code £}, JPY {@code ¥} and INR {@code ₹}, else after the code and a space:
 *       {@code $52,062.76}, {@code €1,234.50}, {@code ¥52,063}, {@code CHF 1,234.50}.</li>
 *   <li>{@code %}: at most two decimals, then the sign: {@code 12.5%}.</li>
 *   <li>Any other unit: at most two decimals, a space, then the unit as written: {@code 12.3 kg},
 *       {@code 7 points out of 10}. No unit at all: the number alone.</li>
 * </ol>
 * Every number is written in English: a point for decimals, a comma between thousands. It is rounded half
 * away from zero from its exact binary value, which is what JavaScript's {@code Intl.NumberFormat} does, so
 * that the page's script writes the same digits. A negative amount starts with a minus sign: {@code -$5.00}.
 *
 * @param prefix      written before the number, e.g. {@code $} or {@code CHF }
 * @param suffix      written after it, e.g. {@code  kg} or {@code %}
 * @param minDecimals the fewest decimals written; trailing zeros are kept down to this many
 * @param maxDecimals the most decimals written; the number is rounded to this many
 */
public record UnitFormat(String prefix, String suffix, int minDecimals, int maxDecimals) {

    /** The currencies written with their symbol; any other currency is written with its code. */
    private static final Map<String, String> SYMBOLS = Map.of("USD", "$", "EUR", "€", "GBP", "£", "JPY", "¥",
            "INR", "₹");

    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

    /** The decimals of a unit that is no currency: enough for a reading, few enough to read at a glance. */
    private static final int PLAIN_DECIMALS = 2;

    public UnitFormat {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(suffix, "suffix");
        if (minDecimals < 0 || maxDecimals < minDecimals || maxDecimals > 6) {
            throw new IllegalArgumentException("decimals must satisfy 0 <= min <= max <= 6, were " + minDecimals
                    + " and " + maxDecimals);
        }
    }

    /** The format for amounts in {@code unit}, by the rules above. */
    public static UnitFormat of(String unit) {
        Objects.requireNonNull(unit, "unit");
        String trimmed = unit.strip();
        if (CURRENCY_CODE.matcher(trimmed).matches()) {
            Currency currency = currency(trimmed);
            if (currency != null) {
                int decimals = currency.getDefaultFractionDigits() < 0 ? 2 : currency.getDefaultFractionDigits();
                String symbol = SYMBOLS.get(trimmed);
                return new UnitFormat(symbol != null ? symbol : trimmed + " ", "", decimals, decimals);
            }
        }
        if (trimmed.equals("%")) {
            return new UnitFormat("", "%", 0, PLAIN_DECIMALS);
        }
        return new UnitFormat("", trimmed.isEmpty() ? "" : " " + trimmed, 0, PLAIN_DECIMALS);
    }

    /** {@code value} in this unit, e.g. {@code $52,062.76}; a value that is not finite as Java writes it. */
    public String format(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        BigDecimal rounded = new BigDecimal(Math.abs(value)).setScale(maxDecimals, RoundingMode.HALF_UP);
        var digits = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.US));
        digits.setMinimumFractionDigits(minDecimals);
        digits.setMaximumFractionDigits(maxDecimals);
        digits.setRoundingMode(RoundingMode.HALF_UP);
        return (value < 0 ? "-" : "") + prefix + digits.format(rounded) + suffix;
    }

    private static Currency currency(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
