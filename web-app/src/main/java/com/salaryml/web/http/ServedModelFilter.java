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
 * The one edge every endpoint of the app shares. It marks the answer {@code Cache-Control: no-store}, since
 * every answer depends on the moment (an endpoint whose answer may be kept says so itself); picks the one model
 * the request is answered with, however many swaps happen meanwhile ({@link #served}); and, while no model is
 * served, sends the endpoint's own "no model" answer ({@link NoModelAnswers}) to every request that needs one.
 * web.xml maps it to every servlet but the error pages'.
 */
public final class ServedModelFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final String SERVED = ServedModelFilter.class.getName() + ".served";

    private transient ModelRegistry registry;
    private transient NoModelAnswers noModel;

    @Override
    public void init() {
        // The context listener runs before any filter is initialised, so both exist by now.
        registry = AppContext.get(getServletContext(), ModelRegistry.class);
        noModel = AppContext.get(getServletContext(), NoModelAnswers.class);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Answers.noStore(response);
        Optional<ModelRegistry.Loaded> served = registry.served();
        if (served.isPresent()) {
            request.setAttribute(SERVED, served.get());
        } else {
            Optional<NoModelAnswer> answer = noModel.of(Endpoint.of(request.getServletPath()));
            if (answer.isPresent() && answer.get().needsModel(request)) {
                answer.get().answer(request, response);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * The model this request is answered with, as the filter picked it.
     *
     * @throws IllegalStateException if the filter passed the request on without one: its endpoint declares no
     *                               answer for want of a model, or web.xml does not map the filter to it
     */
    public static ModelRegistry.Loaded served(HttpServletRequest request) {
        if (request.getAttribute(SERVED) instanceof ModelRegistry.Loaded model) {
            return model;
        }
        throw new IllegalStateException("no model was picked for " + request.getServletPath()
                + "; its endpoint must declare what it answers without one, and web.xml map the filter to it");
    }
}
