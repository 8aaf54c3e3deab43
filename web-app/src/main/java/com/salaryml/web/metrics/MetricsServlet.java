package com.salaryml.web.metrics;

import com.salaryml.artifact.Predictor;
import com.salaryml.web.ModelRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /metrics}: the app's metrics in the Prometheus text format (version 0.0.4), written by the
 * Prometheus client. Only this app's metrics: other apps in the same container have their own.
 */
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Without {@code _created} samples: Prometheus ignores them in this format and they double the output. */
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var serving = ModelRegistry.of(getServletContext()).current().map(Predictor::metadata);
        var snapshots = AppMetrics.of(getServletContext()).scrape(serving);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusTextFormatWriter.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        WRITER.write(response.getOutputStream(), snapshots);
    }
}
