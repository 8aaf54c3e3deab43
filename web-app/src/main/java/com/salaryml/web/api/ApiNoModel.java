package com.salaryml.web.api;

import com.salaryml.web.http.Endpoint;
import com.salaryml.web.http.NoModelAnswer;
import com.salaryml.web.http.Problem;
import com.salaryml.web.http.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** What the native API and its OpenAPI document answer while no model is served: a 503 problem. */
public final class ApiNoModel {

    /** The problem's detail for the native API's endpoints. */
    static final String DETAIL = "No model is loaded; the server log says why.";

    private ApiNoModel() {
    }

    /** The answers, by endpoint; the outcomes endpoint needs no model and has none. */
    public static Map<Endpoint, NoModelAnswer> answers() {
        return Map.of(
                Endpoint.API_PREDICT, new Predict(),
                Endpoint.API_MODEL, NoModelAnswer.problemForReads(DETAIL),
                Endpoint.API_MONITORING, NoModelAnswer.problemForReads(DETAIL),
                Endpoint.OPENAPI, NoModelAnswer.problemForReads("No model is loaded, and this document describes"
                        + " the model being served; GET /health/ready says when one is, and the server log says"
                        + " why not."));
    }

    /** A prediction needs a model; the endpoint's other methods are answered 405 with a model or without. */
    private static final class Predict implements NoModelAnswer {

        @Override
        public boolean needsModel(HttpServletRequest request) {
            return request.getMethod().equals("POST");
        }

        @Override
        public void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
            // Every answer to a prediction names its request, this one too, so a client can report it.
            response.setHeader(RequestIds.HEADER, RequestIds.of(request));
            Problem.of(HttpServletResponse.SC_SERVICE_UNAVAILABLE, DETAIL).refuse(request, response);
        }
    }
}
