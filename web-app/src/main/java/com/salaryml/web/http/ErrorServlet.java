package com.salaryml.web.http;

import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.AppContext;
import com.salaryml.web.config.Stage;
import com.salaryml.web.text.LogText;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The app's own error pages, in place of the container's: no stack trace and no server version ever
 * reaches a client. Each is in its area's format ({@link ErrorAnswers}): API paths get
 * {@code application/problem+json}, V2 paths {@code {"error": "..."}}; everything else a short HTML page with the
 * stage's banner. Only a server error is logged with its stack trace: an exception the
 * container turned into a 4xx was the client's doing.
 */
public final class ErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final System.Logger LOG = System.getLogger(ErrorServlet.class.getName());

    /** The stage, for the banner of an HTML error page. */
    private Stage stage() {
        return AppContext.get(getServletContext(), AppConfig.class).stage();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : HttpServletResponse.SC_NOT_FOUND;
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String uri = LogText.safe(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        if (failure instanceof Throwable throwable) {
            if (status >= 500) {
                LOG.log(Level.ERROR, "Request " + uri + " failed", throwable);
            } else {
                // The container refused what the client sent (a query it cannot decode, a charset it does not
                // know): the client's fault, answered with a 4xx, so no trace; its kind helps when debugging.
                LOG.log(Level.DEBUG, () -> "Request " + uri + " refused with " + status + ": "
                        + throwable.getClass().getName());
            }
        }
        String detail = switch (status) {
            case 404 -> "There is nothing at this address.";
            case 405 -> "This address does not accept that method.";
            case 400 -> "The request could not be understood.";
            default -> status >= 500 ? "The server could not complete the request; the failure is in its log."
                    : "The request was refused.";
        };
        response.resetBuffer();
        ErrorAnswers.send(request, response, uri, status, detail, stage());
    }
}
