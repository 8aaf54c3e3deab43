package com.salaryml.web.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus text format (version 0.0.4) as the Prometheus Java client writes it, with the histogram
 * buckets' {@code le} labels in canonical form.
 *
 * <p>The client (1.10) writes a bucket's bound with {@code Double.toString}: {@code le="5.0E-4"}. Prometheus
 * matches label values as text, so in Prometheus 2 a query on {@code le="0.0005"}, the form its Go and Python
 * clients write, finds nothing, and a dashboard that works for their services shows no data for this one.
 * Prometheus 3 rewrites {@code le} to that canonical form when it scrapes; writing it so in the first place
 * gives every Prometheus the same series.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    /** Without {@code _created} samples: Prometheus ignores them in this format and they double the output. */
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    /**
     * An {@code le} label: after the brace or a comma, so never inside another label's value, where a quote
     * is always escaped.
     */
    private static final Pattern LE = Pattern.compile("(?<=[{,])le=\"([^\"]*)\"");

    private PrometheusText() {
    }

    static void write(OutputStream out, MetricSnapshots snapshots) throws IOException {
        var buffer = new ByteArrayOutputStream(16 * 1024);
        WRITER.write(buffer, snapshots);
        out.write(canonicalBuckets(buffer.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    /** The exposition with every bucket's {@code le} in canonical form; every other line as it is. */
    static String canonicalBuckets(String exposition) {
        var out = new StringBuilder(exposition.length());
        int start = 0;
        while (start < exposition.length()) {
            int end = exposition.indexOf('\n', start);
            end = end < 0 ? exposition.length() : end + 1;
            String line = exposition.substring(start, end);
            int brace = line.indexOf('{');
            if (!line.startsWith("#") && brace > 0 && line.startsWith("_bucket", brace - "_bucket".length())) {
                Matcher le = LE.matcher(line);
                line = le.replaceFirst(match -> Matcher.quoteReplacement("le=\"" + canonical(match.group(1)) + "\""));
            }
            out.append(line);
            start = end;
        }
        return out.toString();
    }

    /** A bound as the client wrote it, in canonical form; +Inf, and anything that is not a number, as it is. */
    private static String canonical(String bound) {
        try {
            return bound.equals("+Inf") ? bound : canonical(Double.parseDouble(bound));
        } catch (NumberFormatException e) {
            return bound;
        }
    }

    /**
     * A bound as Prometheus 3 and the Go and Python clients write it: the shortest decimal that reads back as
     * the same double; an exponent below 0.0001 and from 1,000,000 ({@code 1e-05}, {@code 1e+06}); and a
     * whole number with {@code .0}, as {@code 1.0} and {@code 10.0}.
     */
    static String canonical(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return "0.0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            String digits = decimal.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String power = String.format(java.util.Locale.ROOT, "%02d", Math.abs(exponent));
            return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + power;
        }
        String plain = decimal.toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }
}
