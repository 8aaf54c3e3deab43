package com.salaryml.web.http;

import com.salaryml.web.config.AppContext;
import com.salaryml.web.serving.ModelRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Picks the one model a request of the native API is answered with, however many swaps happen meanwhile, and
 * answers 503 for every endpoint that cannot answer without one ({@link Endpoint#noModel()}). The servlets take
 * the model from {@link #served}. The V2 protocol and the page say "no model" in their own formats, and a V2
 * request may name an older loaded version, so they pick their model themselves.
 */
public final class NoModelFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final String SERVED = NoModelFilter.class.getName() + ".served";

    private transient ModelRegistry registry;

    @Override
    public void init() {
        // The context listener runs before any filter is initialised, so the registry exists by now.
        registry = AppContext.get(getServletContext(), ModelRegistry.class);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<ModelRegistry.Loaded> served = registry.served();
        Optional<String> noModel = Endpoint.of(request.getServletPath()).noModel();
        if (served.isEmpty() && noModel.isPresent() && needsModel(request)) {
            if (Endpoint.of(request.getServletPath()) == Endpoint.API_PREDICT) {
                response.setHeader(RequestIds.HEADER, RequestIds.of(request));
            }
            Problem.of(HttpServletResponse.SC_SERVICE_UNAVAILABLE, noModel.get()).refuse(request, response);
            return;
        }
        served.ifPresent(model -> request.setAttribute(SERVED, model));
        chain.doFilter(request, response);
    }

    /** A read, or a prediction: the predict endpoint's other methods are answered with a model or without. */
    private static boolean needsModel(HttpServletRequest request) {
        String method = request.getMethod();
        return Endpoint.of(request.getServletPath()) == Endpoint.API_PREDICT ? method.equals("POST")
                : method.equals("GET") || method.equals("HEAD");
    }

    /**
     * The model this request is answered with, as the filter picked it.
     *
     * @throws IllegalStateException if the filter did not run for this request: web.xml does not map it here
     */
    public static ModelRegistry.Loaded served(HttpServletRequest request) {
        if (request.getAttribute(SERVED) instanceof ModelRegistry.Loaded model) {
            return model;
        }
        throw new IllegalStateException("no model was picked for " + request.getServletPath()
                + "; web.xml must map the no-model filter to it");
    }
}
