package com.salaryml.web.metrics;

/**
 * What a request was for, as the {@code endpoint} label of the request metrics. A closed set derived from the
 * servlet path, never the path itself: every unknown or mistyped address would otherwise become a time series
 * of its own, and anyone could grow the metrics without bound by requesting random paths.
 */
enum Endpoint {
    PAGE("page"),
    API_PREDICT("api_predict"),
    API_MODEL("api_model"),
    API_MONITORING("api_monitoring"),
    API_OUTCOMES("api_outcomes"),
    HEALTH("health"),
    V2("v2"),
    METRICS("metrics"),
    OPENAPI("openapi"),
    STATIC("static"),
    OTHER("other");

    /** The page's own files: its stylesheet today, scripts, images and icons if it gains any. */
    private static final String[] STATIC_SUFFIXES = {".css", ".js", ".svg", ".png", ".ico", ".woff2"};

    private final String label;

    Endpoint(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /**
     * The endpoint for a servlet path as the container gives it after mapping: {@code ""} for the context
     * root (the empty pattern), {@code "/v2"} for everything under {@code /v2/*}, and the whole path for
     * whatever the container's default servlet serves.
     */
    static Endpoint of(String servletPath) {
        return switch (servletPath) {
            case "", "/" -> PAGE;
            case "/api/v1/predict" -> API_PREDICT;
            case "/api/v1/model" -> API_MODEL;
            case "/api/v1/monitoring" -> API_MONITORING;
            case "/api/v1/outcomes" -> API_OUTCOMES;
            case "/health/live", "/health/ready" -> HEALTH;
            case "/v2" -> V2;
            case "/metrics" -> METRICS;
            case "/openapi.json" -> OPENAPI;
            default -> isStatic(servletPath) ? STATIC : OTHER;
        };
    }

    private static boolean isStatic(String path) {
        for (String suffix : STATIC_SUFFIXES) {
            if (path.regionMatches(true, path.length() - suffix.length(), suffix, 0, suffix.length())) {
                return true;
            }
        }
        return false;
    }
}
