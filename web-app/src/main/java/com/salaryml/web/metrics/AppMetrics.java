package com.salaryml.web.metrics;

import com.salaryml.web.ModelRegistry;
import com.salaryml.web.PredictionEvent;
import com.salaryml.web.PredictionListener;
import jakarta.servlet.ServletContext;

/** The app's metrics. (Skeleton: to be filled in with the Prometheus client.) */
public final class AppMetrics implements PredictionListener, ModelRegistry.Listener {

    static final String ATTRIBUTE = AppMetrics.class.getName();

    /** Creates the app's metrics and keeps them in the context. */
    public static AppMetrics install(ServletContext context) {
        var metrics = new AppMetrics();
        context.setAttribute(ATTRIBUTE, metrics);
        return metrics;
    }

    public static AppMetrics of(ServletContext context) {
        return (AppMetrics) context.getAttribute(ATTRIBUTE);
    }

    /** One HTTP request finished. */
    public void requestCompleted(String endpoint, int status, long nanos) {
    }

    /** The prediction log dropped a record because its queue was full. */
    public void predictionLogDropped() {
    }

    @Override
    public void predicted(PredictionEvent event) {
    }
}
