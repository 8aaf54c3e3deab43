package com.salaryml.web.metrics;

import com.salaryml.web.config.AppContext;
import com.salaryml.web.serving.ModelRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /metrics}: the app's metrics in the Prometheus text format (version 0.0.4), written by the
 * Prometheus client, bucket bounds in canonical form ({@link PrometheusText}). Only this app's metrics: other
 * apps in the same container have their own.
 */
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var serving = AppContext.get(getServletContext(), ModelRegistry.class).served();
        var snapshots = AppContext.get(getServletContext(), AppMetrics.class).scrape(serving);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusText.CONTENT_TYPE);
        PrometheusText.write(response.getOutputStream(), snapshots);
    }
}
