package com.salaryml.web.http;

import com.salaryml.web.config.AppContext;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.Stage;
import com.salaryml.web.serving.ModelRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /health/live} answers 200 while the app serves requests; {@code /health/ready} answers 200 once a
 * model is loaded and 503 until then, so a load balancer sends traffic only to instances that can predict.
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
        if (snapshot.serving() != null) {
            var meta = snapshot.serving().predictor().metadata();
            Json.write(response, HttpServletResponse.SC_OK, json -> {
                json.writeStringField("status", "READY");
                json.writeStringField("model_name", meta.name());
                json.writeStringField("model_version", meta.version());
            });
        } else {
            Json.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, json -> {
                json.writeStringField("status", "NOT_READY");
                // Production says no more than that; other stages name the problem for whoever is debugging.
                boolean production = AppContext.get(getServletContext(), AppConfig.class).stage() == Stage.PRODUCTION;
                json.writeStringField("reason", production ? "no model is being served; the server log says why"
                        : snapshot.problem() + "; the server log says why");
            });
        }
    }
}
