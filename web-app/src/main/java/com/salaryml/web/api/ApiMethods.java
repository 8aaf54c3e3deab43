package com.salaryml.web.api;

import com.salaryml.web.http.Endpoint;
import jakarta.servlet.ServletContext;
import java.util.Map;
import java.util.function.Function;

/** What a 405 of the native API tells a caller to send instead: a body such as its endpoint takes. */
public final class ApiMethods {

    private ApiMethods() {
    }

    /** The hints, by endpoint: the endpoints that take a JSON body give an example of it. */
    public static Map<Endpoint, Function<ServletContext, String>> hints() {
        return Map.of(
                Endpoint.API_PREDICT, PredictServlet::howToCall,
                Endpoint.API_OUTCOMES, context -> OutcomesServlet.HOW_TO_CALL);
    }
}
