package com.salaryml.web.http;

import java.util.List;
import java.util.Locale;

/**
 * The app's routes, declared once: the URL patterns each servlet is mapped to in web.xml (a unit test holds the
 * two together), and the {@code endpoint} label of the request metrics. A closed set derived from the servlet path, never the path itself: every unknown or mistyped
 * address would otherwise become a time series of its own, and anyone could grow the metrics without bound by
 * requesting random paths.
 */
public enum Endpoint {
    PAGE(List.of("")),
    API_PREDICT(List.of("/api/v1/predict")),
    API_MODEL(List.of("/api/v1/model")),
    API_MONITORING(List.of("/api/v1/monitoring")),
    API_OUTCOMES(List.of("/api/v1/outcomes")),
    HEALTH(List.of("/health/live", "/health/ready")),
    V2(List.of("/v2", "/v2/*")),
    METRICS(List.of("/metrics")),
    OPENAPI(List.of("/openapi.json")),
    STATIC(List.of()),
    OTHER(List.of());

    /** The page's own files: its stylesheet today, scripts, images and icons if it gains any. */
    private static final String[] STATIC_SUFFIXES = {".css", ".js", ".svg", ".png", ".ico", ".woff2"};

    private final List<String> patterns;

    /** @param patterns the servlet's URL patterns, as web.xml maps them */
    Endpoint(List<String> patterns) {
        this.patterns = patterns;
    }

    /** The {@code endpoint} label: the lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The URL patterns web.xml maps this endpoint's servlet to; none for the container's own files. */
    public List<String> patterns() {
        return patterns;
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
