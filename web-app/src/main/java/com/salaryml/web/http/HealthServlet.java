package com.salaryml.web.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.web.config.AppContext;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.Stage;
import com.salaryml.web.serving.ModelRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code /health/live} answers 200 while the app serves requests; {@code /health/ready} answers 200 once a
 * model is loaded and 503 until then, so a load balancer sends traffic only to instances that can predict.
 *
 * <p>A part that has stopped working while the app still predicts right ({@link Degradations}: the prediction
 * log that cannot write) makes the ready answer say {@code DEGRADED} and name it, still with 200. Taking the
 * instance out of the load balancer would not fix the part, and where every instance shares the cause (a full
 * volume, say) it would turn a gap in the audit log into an outage; the operator hears of it from this answer,
 * the part's metric and its alert instead.
 */
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/health/live".equals(request.getServletPath())) {
            Json.write(response, HttpServletResponse.SC_OK, json -> json.writeStringField("status", "UP"));
            return;
        }
        var snapshot = AppContext.get(getServletContext(), ModelRegistry.class).snapshot();
        Map<String, String> degraded = AppContext.get(getServletContext(), Degradations.class).current();
        if (snapshot.serving() != null) {
            var meta = snapshot.serving().predictor().metadata();
            Json.write(response, HttpServletResponse.SC_OK, json -> {
                json.writeStringField("status", degraded.isEmpty() ? "READY" : "DEGRADED");
                json.writeStringField("model_name", meta.name());
                json.writeStringField("model_version", meta.version());
                writeDegraded(json, degraded);
            });
        } else {
            Json.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, json -> {
                json.writeStringField("status", "NOT_READY");
                // Production says no more than that; other stages name the problem for whoever is debugging.
                boolean production = AppContext.get(getServletContext(), AppConfig.class).stage() == Stage.PRODUCTION;
                json.writeStringField("reason", production ? "no model is being served; the server log says why"
                        : snapshot.problem() + "; the server log says why");
                writeDegraded(json, degraded);
            });
        }
    }

    /** {@code "degraded": {"prediction_log": "why"}}, only when a part has a problem. */
    private static void writeDegraded(JsonGenerator json, Map<String, String> degraded) throws IOException {
        if (degraded.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart("degraded");
        for (var part : degraded.entrySet()) {
            json.writeStringField(part.getKey(), part.getValue());
        }
        json.writeEndObject();
    }
}
