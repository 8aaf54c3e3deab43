package com.salaryml.web.v2;

import com.salaryml.web.http.Answers;
import com.salaryml.web.config.AppContext;
import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.artifact.schema.InvalidInputException;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictor;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.serving.ApprovalJson;
import com.salaryml.web.http.JsonBodies;
import com.salaryml.web.serving.ModelRegistry;
import com.salaryml.web.outcomes.OutcomeRecording;
import com.salaryml.web.serving.OutcomeKey;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.web.serving.PredictionListener;
import com.salaryml.web.http.RequestIds;
import com.salaryml.web.http.Json;
import com.salaryml.web.http.NoModelAnswer;
import com.salaryml.web.http.ServedModelFilter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The Open Inference Protocol (KServe V2 REST) under {@code /v2}, beside the native API, so that KServe,
 * Triton and MLServer clients work unchanged. Each feature is one input tensor of N rows; the estimate is
 * the one output tensor, named after the model's target. Errors are {@code {"error": "..."}} as the
 * protocol defines them; bad input is a 400 that names the input and index, more rows than
 * {@code salary.max-batch} a 413, never a 500.
 *
 * <p>Intervals, contributions and range warnings are not part of the protocol's tensors; they are in the
 * native API and in the prediction log.
 */
public final class InferenceServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final System.Logger LOG = System.getLogger(InferenceServlet.class.getName());


    /** How many bad values one 400 names before it says how many more there are. */
    private static final int MAX_REPORTED = 10;

    private String serverVersion = "unknown";

    @Override
    public void init() throws ServletException {
        // The build writes the project version into this file; the WAR has no other record of its own version.
        try (InputStream in = InferenceServlet.class.getResourceAsStream("server.properties")) {
            if (in == null) {
                LOG.log(Level.WARNING, "server.properties is missing; GET /v2 reports the version as unknown");
                return;
            }
            var properties = new Properties();
            properties.load(in);
            serverVersion = properties.getProperty("version", "unknown");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "server.properties cannot be read; GET /v2 reports the version as unknown", e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("POST")) {
            // HttpServlet answers HEAD through doGet without a body.
            super.service(request, response);
            return;
        }
        answer(request, response, route -> {
            if (method.equals("OPTIONS")) {
                // What the route takes, as a 405 would say, and no more: never TRACE or a method it refuses.
                response.setHeader("Allow", route.kind().allow());
                Answers.noStore(response);
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                return;
            }
            throw notAllowed(route, method);
        });
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, route -> {
            switch (route.kind()) {
                case SERVER_METADATA -> Json.write(response, 200, json -> {
                    json.writeStringField("name", InferAnswers.SERVER_NAME);
                    json.writeStringField("version", serverVersion);
                    json.writeArrayFieldStart("extensions");
                    json.writeEndArray();
                });
                case SERVER_LIVE -> Json.write(response, 200, json -> json.writeBooleanField("live", true));
                case SERVER_READY -> {
                    boolean ready = AppContext.get(getServletContext(), ModelRegistry.class).current().isPresent();
                    Json.write(response, ready ? 200 : 503, json -> json.writeBooleanField("ready", ready));
                }
                case MODEL_METADATA -> modelMetadata(response, model(request, route));
                case MODEL_READY -> modelReady(request, response, route);
                case MODEL_INFER -> throw notAllowed(route, request.getMethod());
            }
        });
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, route -> {
            if (route.kind() != Route.Kind.MODEL_INFER) {
                throw notAllowed(route, "POST");
            }
            infer(request, response, route);
        });
    }

    /** What a request to a route does; a protocol error it throws is answered in the protocol's words. */
    private interface RouteAnswer {
        void answer(Route route) throws ProtocolException, IOException;
    }

    /** Answers the request's route, or the protocol's error: a route that does not exist is one. */
    private static void answer(HttpServletRequest request, HttpServletResponse response, RouteAnswer answer)
            throws IOException {
        try {
            answer.answer(route(request));
        } catch (ProtocolException e) {
            send(request, response, e);
        }
    }

    private void infer(HttpServletRequest request, HttpServletResponse response, Route route)
            throws ProtocolException, IOException {
        String headerId = RequestIds.of(request);
        response.setHeader(RequestIds.HEADER, headerId);
        // One model for the whole request, however many swaps happen meanwhile.
        ModelRegistry.Loaded served = model(request, route);
        Predictor predictor = served.predictor();
        ModelMetadata meta = predictor.metadata();
        AppConfig config = AppContext.get(getServletContext(), AppConfig.class);
        byte[] body;
        try {
            // The protocol's clients may send no Content-Type (Triton's does not); one that is sent must be JSON.
            JsonBodies.requireJsonUnlessUndeclared(request);
            body = JsonBodies.read(request, config.maxBodyBytes(), "rows");
        } catch (JsonBodies.Refusal refusal) {
            throw refused(refusal);
        }
        String output = meta.target().name();
        InferRequest parsed = InferRequest.parse(body, meta.schema(), output, config.maxBatch(),
                served.examples().infer());
        List<Prediction> predictions = predict(predictor, parsed);
        String requestId = parsed.id().filter(InferenceServlet::sane).orElse(headerId);
        response.setHeader(RequestIds.HEADER, requestId);
        // Issued by the server, never the request's id: see OutcomeKey for why.
        OutcomeKey key = OutcomeKey.random();
        AppContext.get(getServletContext(), PredictionListener.Registry.class).predicted(new PredictionEvent(Instant.now(), "v2",
                requestId, key, meta, served.approval(), parsed.instances(), predictions));
        Answers.madeBy(response, meta);
        Optional<OutcomeKey> shown = OutcomeRecording.shows(getServletContext(), key);
        Json.write(response, 200, json -> InferAnswers.writeAnswer(json, meta, parsed.id(), predictions, shown));
    }

    /** A refused body in the protocol's words, which name the binary tensor extension where it would apply. */
    private static ProtocolException refused(JsonBodies.Refusal refusal) {
        String message = refusal.getMessage();
        if (refusal.reason() == JsonBodies.Reason.NOT_JSON) {
            message += " The binary tensor extension (application/octet-stream) is not supported.";
        }
        return new ProtocolException(refusal.status(), message);
    }

    /** Whether the body's id may stand for the request in logs: {@link RequestIds#orNew} keeps only sane ids. */
    private static boolean sane(String id) {
        return RequestIds.orNew(id).equals(id);
    }

    /** Predicts every row, all or nothing; the model's range checks are reported by input and row. */
    private static List<Prediction> predict(Predictor predictor, InferRequest request) throws ProtocolException {
        var predictions = new ArrayList<Prediction>(request.instances().size());
        var problems = new ArrayList<String>();
        int count = 0;
        for (int row = 0; row < request.instances().size(); row++) {
            try {
                predictions.add(predictor.predict(request.instances().get(row)));
            } catch (InvalidInputException e) {
                for (FieldError error : e.errors()) {
                    if (count++ < MAX_REPORTED) {
                        problems.add("input '" + error.field() + "' data[" + row + "] " + error.message());
                    }
                }
            }
        }
        if (count > 0) {
            String more = count > MAX_REPORTED ? "; and " + (count - MAX_REPORTED) + " more" : "";
            throw ProtocolException.badRequest((count == 1 ? "A value is invalid: " : count + " values are invalid: ")
                    + String.join("; ", problems) + more + ".");
        }
        return predictions;
    }

    /**
     * The protocol's model metadata, and in its optional {@code properties} (string to string, as the protocol's
     * REST schema and gRPC message define them) who approved the model and its file's SHA-256.
     */
    private void modelMetadata(HttpServletResponse response, ModelRegistry.Loaded served) throws IOException {
        ModelMetadata meta = served.predictor().metadata();
        List<String> versions = AppContext.get(getServletContext(), ModelRegistry.class).versions();
        Answers.madeBy(response, meta);
        Json.write(response, 200, json -> {
            json.writeStringField("name", meta.name());
            json.writeArrayFieldStart("versions");
            for (String version : versions) {
                json.writeString(version);
            }
            json.writeEndArray();
            json.writeStringField("platform", InferAnswers.platform(meta));
            json.writeArrayFieldStart("inputs");
            for (Feature feature : meta.schema().features()) {
                tensor(json, feature.name(), InferAnswers.datatype(feature));
            }
            json.writeEndArray();
            json.writeArrayFieldStart("outputs");
            tensor(json, meta.target().name(), "FP64");
            json.writeEndArray();
            json.writeObjectFieldStart("properties");
            for (var property : ApprovalJson.properties(served.approval()).entrySet()) {
                json.writeStringField(property.getKey(), property.getValue());
            }
            json.writeEndObject();
        });
    }

    /** A column of any number of values: doubles for a number and the output, BYTES for a category. */
    private static void tensor(JsonGenerator json, String name, String datatype) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("datatype", datatype);
        json.writeArrayFieldStart("shape");
        json.writeNumber(-1);
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * The protocol's model-ready answer, {@code {"name", "ready"}}: 200 and ready true when the model, or the
     * version in the path, can predict. While no model is loaded it is 503 and ready false ({@link #NO_MODEL}),
     * as {@code /v2/health/ready} answers then. A name or version this server does not have is a 404 error.
     */
    private void modelReady(HttpServletRequest request, HttpServletResponse response, Route route)
            throws ProtocolException, IOException {
        ModelMetadata meta = model(request, route).predictor().metadata();
        Answers.madeBy(response, meta);
        Json.write(response, 200, json -> {
            json.writeStringField("name", meta.name());
            json.writeBooleanField("ready", true);
        });
    }

    /**
     * The model a route names: the one served when the request came in, or the version in the path. A version
     * that is not loaded, or a name other than the model's, is a 404.
     */
    private ModelRegistry.Loaded model(HttpServletRequest request, Route route) throws ProtocolException {
        ModelRegistry.Loaded predictor = ServedModelFilter.served(request);
        if (route.version().isPresent()) {
            String version = route.version().get();
            ModelRegistry registry = AppContext.get(getServletContext(), ModelRegistry.class);
            predictor = registry.loaded(version).orElseThrow(() -> new ProtocolException(404,
                    "Version " + JsonBodies.shorten(version) + " of model '" + JsonBodies.shorten(route.model())
                            + "' is not loaded; the loaded versions are " + String.join(", ", registry.versions())
                            + "."));
        }
        String name = predictor.predictor().metadata().name();
        if (!name.equals(route.model())) {
            throw new ProtocolException(404, "There is no model '" + JsonBodies.shorten(route.model())
                    + "' here; this server serves the model '" + name + "'.");
        }
        return predictor;
    }

    /**
     * While no model is loaded, a model's routes answer in the protocol's words: model-ready with ready false,
     * the others with the protocol's error; both 503. The server's own routes answer anyway, and an address
     * that does not exist, or a method a route does not take, is answered as it is with a model.
     */
    public static final NoModelAnswer NO_MODEL = new NoModelAnswer() {
        @Override
        public boolean needsModel(HttpServletRequest request) {
            Optional<Route> route = Route.parse(request.getPathInfo());
            if (route.isEmpty()) {
                return false;
            }
            Route.Kind kind = route.get().kind();
            boolean taken = kind.method().equals("GET") ? NoModelAnswer.isRead(request)
                    : kind.method().equals(request.getMethod());
            return taken && kind.ofModel();
        }

        @Override
        public void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Route route = Route.parse(request.getPathInfo()).orElseThrow();
            if (route.kind() == Route.Kind.MODEL_READY) {
                Json.write(response, 503, json -> {
                    json.writeStringField("name", route.model());
                    json.writeBooleanField("ready", false);
                });
                return;
            }
            send(request, response, new ProtocolException(503, "No model is loaded; /v2/health/ready says when"
                    + " one is, and the server log says why not."));
        }
    };

    private static Route route(HttpServletRequest request) throws ProtocolException {
        return Route.parse(request.getPathInfo()).orElseThrow(() -> new ProtocolException(404,
                "There is nothing at " + JsonBodies.shorten(request.getServletPath()
                        + (request.getPathInfo() == null ? "" : request.getPathInfo()))
                        + "; the V2 endpoints are " + Route.ADDRESSES + "."));
    }

    private static ProtocolException notAllowed(Route route, String method) {
        return ProtocolException.methodNotAllowed(route.kind().allow(), JsonBodies.shorten(method)
                + " is not allowed here; this endpoint answers " + route.kind().method() + ".");
    }

    private static void send(HttpServletRequest request, HttpServletResponse response, ProtocolException e)
            throws IOException {
        e.allow().ifPresent(allow -> response.setHeader("Allow", allow));
        if (JsonBodies.closesConnection(request, e.status())) {
            response.setHeader("Connection", "close");
        }
        Json.write(response, e.status(), json -> json.writeStringField("error", e.getMessage()));
    }
}
