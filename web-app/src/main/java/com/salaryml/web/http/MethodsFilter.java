package com.salaryml.web.http;

import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.AppContext;
import com.salaryml.web.config.Stage;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The methods of every endpoint, answered in one place, before any servlet, from what {@link Endpoint} declares:
 * OPTIONS is a 204 whose {@code Allow} lists them; any other method, PATCH and methods no servlet knows included,
 * is a 405 with that {@code Allow} and the error in the area's format ({@link ErrorAnswers}). Left to
 * {@code HttpServlet}, a method it has no {@code doX} for is a 501, which counts as the app's own server error,
 * and its 405s carry no {@code Allow}, which RFC 9110 requires. V2's routes each take their own method, so the
 * protocol's servlet answers for them; where nothing is, every method is a 404.
 */
public final class MethodsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private transient Stage stage;
    private transient MethodHints hints;

    @Override
    public void init() {
        // The context listener runs before any filter is initialised, so both exist by now.
        stage = AppContext.get(getServletContext(), AppConfig.class).stage();
        hints = AppContext.get(getServletContext(), MethodHints.class);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Endpoint endpoint = Endpoint.of(request.getServletPath());
        String method = request.getMethod();
        if (endpoint == Endpoint.V2) {
            chain.doFilter(request, response);
            return;
        }
        if (endpoint == Endpoint.OTHER) {
            if (method.equals("GET") || method.equals("HEAD")) {
                // The container's own 404, or its refusal of WEB-INF, reaches the error pages as it did.
                chain.doFilter(request, response);
            } else {
                refuse(request, response, HttpServletResponse.SC_NOT_FOUND, "There is nothing at this address.");
            }
            return;
        }
        List<String> allowed = endpoint.methods();
        if (method.equals("OPTIONS")) {
            response.setHeader("Allow", String.join(", ", allowed));
            Answers.noStore(response);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        if (allowed.contains(method)) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Allow", String.join(", ", allowed));
        // An endpoint that takes a body says what to send; the others, which methods they take.
        String detail = hints.of(endpoint, getServletContext()).orElseGet(() -> JsonBodies.shorten(method)
                + " is not allowed here; this address answers " + words(allowed) + ".");
        refuse(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, detail);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String detail)
            throws IOException {
        // The body, if any, is left unread: the connection must not carry another request after it.
        if (JsonBodies.closesConnection(request, status)) {
            response.setHeader("Connection", "close");
        }
        ErrorAnswers.send(request, response, request.getRequestURI(), status, detail, stage);
    }

    /** "GET, HEAD and OPTIONS". */
    private static String words(List<String> methods) {
        return methods.size() == 1 ? methods.get(0)
                : String.join(", ", methods.subList(0, methods.size() - 1)) + " and " + methods.get(methods.size() - 1);
    }
}
