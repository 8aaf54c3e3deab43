package com.salaryml.web.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The app's routes, declared once: the URL patterns each servlet is mapped to in web.xml (a unit test holds the
 * two together), the {@code endpoint} label of the request metrics, and what the endpoint answers while no model
 * is served. A closed set derived from the servlet path, never the path itself: every unknown or mistyped
 * address would otherwise become a time series of its own, and anyone could grow the metrics without bound by
 * requesting random paths.
 */
public enum Endpoint {
    PAGE(List.of(""), null),
    API_PREDICT(List.of("/api/v1/predict"), Answers.NO_MODEL),
    API_MODEL(List.of("/api/v1/model"), Answers.NO_MODEL),
    API_MONITORING(List.of("/api/v1/monitoring"), Answers.NO_MODEL),
    API_OUTCOMES(List.of("/api/v1/outcomes"), null),
    HEALTH(List.of("/health/live", "/health/ready"), null),
    V2(List.of("/v2", "/v2/*"), null),
    METRICS(List.of("/metrics"), null),
    OPENAPI(List.of("/openapi.json"), "No model is loaded, and this document describes the model being served;"
            + " GET /health/ready says when one is, and the server log says why not."),
    STATIC(List.of(), null),
    OTHER(List.of(), null);

    /** The page's own files: its stylesheet today, scripts, images and icons if it gains any. */
    private static final String[] STATIC_SUFFIXES = {".css", ".js", ".svg", ".png", ".ico", ".woff2"};

    private final List<String> patterns;
    private final String noModel;

    /**
     * @param patterns the servlet's URL patterns, as web.xml maps them
     * @param noModel  the problem's detail while no model is served, for an endpoint that cannot answer
     *                 without one ({@link NoModelFilter}); null for one that answers anyway or says it itself
     */
    Endpoint(List<String> patterns, String noModel) {
        this.patterns = patterns;
        this.noModel = noModel;
    }

    /** The {@code endpoint} label: the lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The URL patterns web.xml maps this endpoint's servlet to; none for the container's own files. */
    public List<String> patterns() {
        return patterns;
    }

    /** What a request gets while no model is served, if the endpoint cannot answer it without one. */
    Optional<String> noModel() {
        return Optional.ofNullable(noModel);
    }

    /**
     * The endpoint for a servlet path as the container gives it after mapping: {@code ""} for the context
     * root (the empty pattern), {@code "/v2"} for everything under {@code /v2/*}, and the whole path for
     * whatever the container's default servlet serves.
     */
    public static Endpoint of(String servletPath) {
        String path = servletPath.equals("/") ? "" : servletPath;
        for (Endpoint endpoint : values()) {
            for (String pattern : endpoint.patterns) {
                if (pattern.equals(path) || (pattern.endsWith("/*") && pattern.equals(path + "/*"))) {
                    return endpoint;
                }
            }
        }
        return isStatic(path) ? STATIC : OTHER;
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
