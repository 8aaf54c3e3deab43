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
    PAGE(List.of(""), Methods.READ),
    API_PREDICT(List.of("/api/v1/predict"), Methods.POST),
    API_MODEL(List.of("/api/v1/model"), Methods.READ),
    API_MONITORING(List.of("/api/v1/monitoring"), Methods.READ),
    API_OUTCOMES(List.of("/api/v1/outcomes"), Methods.POST),
    HEALTH(List.of("/health/live", "/health/ready"), Methods.READ),
    /** Each route of the protocol takes its own method; the servlet answers for them ({@code Route}). */
    V2(List.of("/v2", "/v2/*"), List.of()),
    METRICS(List.of("/metrics"), Methods.READ),
    OPENAPI(List.of("/openapi.json"), Methods.READ),
    /** The WAR's own files, served in place of the container's default servlet, which "/" names. */
    STATIC(List.of("/"), Methods.READ),
    /** Nothing is there, whatever the method. */
    OTHER(List.of(), List.of());

    /** The methods the endpoints answer; OPTIONS, answered for each by {@code MethodsFilter}, comes last. */
    private static final class Methods {
        static final List<String> READ = List.of("GET", "HEAD", "OPTIONS");
        static final List<String> POST = List.of("POST", "OPTIONS");
    }

    /** The page's own files: its stylesheet today, scripts, images and icons if it gains any. */
    private static final String[] STATIC_SUFFIXES = {".css", ".js", ".svg", ".png", ".ico", ".woff2"};

    private final List<String> patterns;
    private final List<String> methods;

    /**
     * @param patterns the servlet's URL patterns, as web.xml maps them
     * @param methods  the methods it answers, as the {@code Allow} header lists them
     */
    Endpoint(List<String> patterns, List<String> methods) {
        this.patterns = patterns;
        this.methods = methods;
    }

    /** The {@code endpoint} label: the lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The URL patterns web.xml maps this endpoint's servlet to. */
    public List<String> patterns() {
        return patterns;
    }

    /**
     * The methods this endpoint answers, in the order the {@code Allow} header lists them; empty for
     * {@link #V2}, whose routes differ, and for {@link #OTHER}, where nothing is.
     */
    public List<String> methods() {
        return methods;
    }

    /** Every endpoint, in declaration order: {@code values()} would copy the array for every request. */
    private static final Endpoint[] ALL = values();

    /**
     * The endpoint for a servlet path as the container gives it after mapping: {@code ""} for the context
     * root (the empty pattern), {@code "/v2"} for everything under {@code /v2/*}, and the whole path for
     * whatever the default servlet, mapped to {@code "/"}, is asked for: a file of the page by its suffix,
     * anything else {@link #OTHER}.
     */
    public static Endpoint of(String servletPath) {
        String path = servletPath.equals("/") ? "" : servletPath;
        for (Endpoint endpoint : ALL) {
            for (String pattern : endpoint.patterns) {
                if (pattern.equals(path) || (pattern.endsWith("/*") && pattern.equals(path + "/*"))) {
                    return endpoint;
                }
            }
        }
        // The default servlet's "/" matches every path no other pattern does, so it is told by the file's suffix.
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
