package com.salaryml.web.http;

import com.salaryml.web.config.AppContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Counts and times every request by endpoint and status. Mapped for the REQUEST dispatch only, so a request
 * that ends on an error page is counted once, with the status the client gets.
 */
public final class RequestMetricsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private transient RequestMetrics metrics;

    @Override
    public void init() {
        // The context listener runs before any filter is initialised, so the metrics exist by now.
        metrics = AppContext.get(getServletContext(), RequestMetrics.class);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            // An exception out of the chain becomes a 500 from the container, unless the response has gone.
            int status = failed && !response.isCommitted() ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR
                    : response.getStatus();
            metrics.completed(Endpoint.of(request.getServletPath()), status, System.nanoTime() - start);
        }
    }
}
