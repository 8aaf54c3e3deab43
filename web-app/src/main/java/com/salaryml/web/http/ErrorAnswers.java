package com.salaryml.web.http;

import com.salaryml.web.config.Stage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An error in the format of the part of the app it happens in, as each part's clients read errors: the native
 * API and its OpenAPI document a problem ({@code application/problem+json}), V2 the protocol's
 * {@code {"error": "..."}}, and everything else, the page's addresses first, a short HTML page with the stage's
 * banner. The error pages ({@link ErrorServlet}) and the method check ({@link MethodsFilter}) both answer
 * through it, so an error looks the same whoever found it.
 */
final class ErrorAnswers {

    private ErrorAnswers() {
    }

    /** The part of the app an address belongs to, by the format its errors are sent in. */
    enum Area {
        API, V2, PAGES;

        /** The area of {@code uri}, the request's URI as the client sent it, under {@code contextPath}. */
        static Area of(String contextPath, String uri) {
            if (uri.startsWith(contextPath + "/api/") || uri.equals(contextPath + "/openapi.json")) {
                return API;
            }
            String v2 = contextPath + "/v2";
            if (uri.equals(v2) || uri.startsWith(v2 + "/")) {
                return V2;
            }
            return PAGES;
        }
    }

    /** Sends the error: {@code status}, {@code detail} in the area's format, and {@code no-store}. */
    static void send(HttpServletRequest request, HttpServletResponse response, String uri, int status, String detail,
                     Stage stage) throws IOException {
        switch (Area.of(request.getContextPath(), uri)) {
            case API -> Problem.of(status, detail).send(response);
            case V2 -> {
                Answers.noStore(response);
                Json.write(response, status, json -> json.writeStringField("error", detail));
            }
            case PAGES -> page(request, response, status, detail, stage);
        }
    }

    private static void page(HttpServletRequest request, HttpServletResponse response, int status, String detail,
                             Stage stage) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        Answers.noStore(response);
        // From the context's root: the error may be at any depth below it.
        String stylesheet = escape(request.getContextPath() + "/page.css");
        String banner = stage.banner().map(text -> "<p class=\"stage-banner\" id=\"stage-banner\">" + escape(text)
                + "</p>\n").orElse("");
        response.getWriter().write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>" + status + "</title>\n<link rel=\"stylesheet\" href=\"" + stylesheet + "\">\n</head>\n"
                + "<body>\n" + banner + "<main>\n<h1>" + status + "</h1>\n<p>" + escape(detail) + "</p>\n</main>\n"
                + "</body>\n</html>\n");
    }

    /** The few characters that could end an attribute or start a tag; the texts here are the app's own. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
