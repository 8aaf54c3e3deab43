package com.salaryml.web.http;

import com.salaryml.web.config.AppContext;
import com.salaryml.web.config.AppConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Cross-origin access to the APIs, off unless {@code salary.cors.allowed-origins} lists origins. Only a listed
 * origin gets {@code Access-Control-Allow-Origin}, echoed exactly, never {@code *}; no credentials are ever
 * allowed. A preflight from a listed origin is answered here; from any other, it gets no CORS headers, so the
 * browser refuses the call.
 */
public final class CorsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The allow-list, read once: the configuration is fixed at start-up, and a lookup per request costs. */
    private transient Set<String> allowed;

    @Override
    public void init() {
        // The context listener runs before any filter is initialised, so the configuration exists by now.
        allowed = AppContext.get(getServletContext(), AppConfig.class).corsOrigins();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // With no origin allowed (the default), no request's origin can be listed: skip reading the header.
        String origin = allowed.isEmpty() ? null : request.getHeader("Origin");
        boolean listed = origin != null && allowed.contains(origin);
        if (listed) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", "X-Model-Version, X-Request-Id");
        }
        // Caches must keep the answers for different origins apart.
        response.addHeader("Vary", "Origin");
        boolean preflight = "OPTIONS".equals(request.getMethod())
                && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            if (listed) {
                response.setHeader("Access-Control-Allow-Methods", "GET, POST");
                response.setHeader("Access-Control-Allow-Headers", "Content-Type, X-Request-Id");
                response.setHeader("Access-Control-Max-Age", "600");
            }
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        chain.doFilter(request, response);
    }
}
