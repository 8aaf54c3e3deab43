package com.salaryml.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusTextTest {

    /** Go's strconv.FormatFloat(v, 'g', -1, 64), with ".0" on whole numbers: how Prometheus 3 normalises le. */
    @ParameterizedTest
    @CsvSource({
        "0.0005, 0.0005",
        "0.0001, 0.0001",
        "0.00001, 1e-05",
        "0.000015, 1.5e-05",
        "0.001, 0.001",
        "0.0025, 0.0025",
        "0.1, 0.1",
        "1, 1.0",
        "2.5, 2.5",
        "10, 10.0",
        "100000, 100000.0",
        "999999.5, 999999.5",
        "1000000, 1e+06",
        "1234567, 1.234567e+06",
        "1e21, 1e+21",
        "1e-300, 1e-300",
        "0, 0.0",
        "-2.5, -2.5",
        "-0.00005, -5e-05",
        "Infinity, +Inf",
        "-Infinity, -Inf",
        "NaN, NaN"})
    void boundsAreWrittenInCanonicalForm(double bound, String expected) {
        assertThat(PrometheusText.canonical(bound)).isEqualTo(expected);
    }

    @Test
    void onlyTheLeLabelsOfBucketsAreRewritten() {
        String exposition = """
                # HELP x_seconds Time, by endpoint; le="5.0E-4" in help text stays
                # TYPE x_seconds histogram
                x_seconds_bucket{endpoint="a",le="%s"} 1
                x_seconds_bucket{le="%s",endpoint="a"} 2
                x_seconds_bucket{endpoint="a",le="+Inf"} 3
                x_seconds_count{endpoint="a"} 3
                x_seconds_sum{endpoint="a"} 5.0E-4
                y_total{endpoint="b,le=\\"5.0E-4\\"",le="5.0E-4"} 4
                x_seconds_bucket{endpoint="b,le=\\"5.0E-4\\"",le="10.0"} 5
                """;
        assertThat(PrometheusText.canonicalBuckets(exposition.formatted("5.0E-4", "1.0E7")))
                .isEqualTo(exposition.formatted("0.0005", "1e+07"));
    }
}
