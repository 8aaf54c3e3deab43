package com.salaryml.web.v2;

import java.util.List;
import java.util.Optional;

/**
 * One Open Inference Protocol address under {@code /v2}, parsed from the servlet's path info.
 *
 * @param kind    which endpoint
 * @param model   the model name in the path; empty for the server-wide endpoints
 * @param version the {@code /versions/{v}} segment, if the path has one
 */
record Route(Kind kind, String model, Optional<String> version) {

    /** The endpoints, and the one method each answers (GET also answers HEAD). */
    enum Kind {
        SERVER_METADATA("GET"), SERVER_LIVE("GET"), SERVER_READY("GET"),
        MODEL_METADATA("GET"), MODEL_READY("GET"), MODEL_INFER("POST");

        private final String method;

        Kind(String method) {
            this.method = method;
        }

        String method() {
            return method;
        }

        /** Whether this endpoint is a model's, which needs one loaded, rather than the server's. */
        boolean ofModel() {
            return this == MODEL_METADATA || this == MODEL_READY || this == MODEL_INFER;
        }

        /** The value of the {@code Allow} header for this endpoint; OPTIONS, which says it, is answered too. */
        String allow() {
            return (method.equals("GET") ? "GET, HEAD" : method) + ", OPTIONS";
        }
    }

    /** Every address the servlet answers, for the 404 message. */
    static final String ADDRESSES = "/v2, /v2/health/live, /v2/health/ready, /v2/models/{name},"
            + " /v2/models/{name}/ready and /v2/models/{name}/infer, each model path also with"
            + " /versions/{version} after the name";

    /**
     * @param pathInfo what follows {@code /v2}: null, {@code "/"} or e.g. {@code "/models/price/infer"}
     * @return the route, or empty when no endpoint lives there
     */
    static Optional<Route> parse(String pathInfo) {
        if (pathInfo == null || pathInfo.isEmpty() || pathInfo.equals("/")) {
            return Optional.of(new Route(Kind.SERVER_METADATA, "", Optional.empty()));
        }
        if (!pathInfo.startsWith("/")) {
            return Optional.empty();
        }
        // -1 keeps trailing empty segments, so "/v2/health/live/" is not taken for "/v2/health/live".
        List<String> segments = List.of(pathInfo.substring(1).split("/", -1));
        if (segments.contains("")) {
            return Optional.empty();
        }
        if (segments.size() == 2 && segments.get(0).equals("health")) {
            return switch (segments.get(1)) {
                case "live" -> Optional.of(new Route(Kind.SERVER_LIVE, "", Optional.empty()));
                case "ready" -> Optional.of(new Route(Kind.SERVER_READY, "", Optional.empty()));
                default -> Optional.empty();
            };
        }
        if (segments.size() < 2 || !segments.get(0).equals("models")) {
            return Optional.empty();
        }
        String model = segments.get(1);
        List<String> rest = segments.subList(2, segments.size());
        Optional<String> version = Optional.empty();
        if (rest.size() >= 2 && rest.get(0).equals("versions")) {
            version = Optional.of(rest.get(1));
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty()) {
            return Optional.of(new Route(Kind.MODEL_METADATA, model, version));
        }
        if (rest.size() == 1) {
            return switch (rest.get(0)) {
                case "ready" -> Optional.of(new Route(Kind.MODEL_READY, model, version));
                case "infer" -> Optional.of(new Route(Kind.MODEL_INFER, model, version));
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }
}
