package com.salaryml.web.http;

import com.salaryml.artifact.schema.FieldError;
import com.salaryml.web.config.AppConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * An error response in the RFC 9457 problem format ({@code application/problem+json}): {@code title},
 * {@code status}, {@code detail}, and, for bad input, one {@code errors} entry per field.
 *
 * @param status the HTTP status
 * @param title  the status in words, the same for every problem of that status
 * @param detail what went wrong with this request, in words the caller can act on
 * @param errors the fields at fault, if the input was invalid
 */
public record Problem(int status, String title, String detail, List<FieldError> errors) {

    public static final String CONTENT_TYPE = "application/problem+json";

    public Problem {
        errors = List.copyOf(errors);
    }

    public static Problem of(int status, String detail) {
        return new Problem(status, titleOf(status), detail, List.of());
    }

    public static Problem invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? "The input is invalid: " + errors.get(0) + "."
                : errors.size() + " input fields are invalid; see errors.";
        return new Problem(400, titleOf(400), detail, errors);
    }

    /**
     * A batch of more items than {@code salary.max-batch} allows. It is a 413, as a body over the size limit
     * is: the request is well formed, only too large, and both say the same to the client: send less at once.
     * The one error names the field, how many it held, the limit and the setting that sets it.
     *
     * @param unit what the field holds, in the plural: "instances", "outcomes"
     */
    public static Problem batchTooLarge(String field, int count, String unit, int limit) {
        var error = new FieldError(field, "holds " + count + " " + unit + "; at most " + limit + " are allowed per"
                + " request (" + AppConfig.MAX_BATCH + "); split them over several requests");
        return new Problem(413, titleOf(413), "The batch is too large: " + error + ".", List.of(error));
    }

    /**
     * Sends this problem as the answer to a request whose body it refuses: with {@code Connection: close} when
     * the body was not read to its end ({@link JsonBodies#closesConnection}).
     */
    public void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (JsonBodies.closesConnection(request, status)) {
            response.setHeader("Connection", "close");
        }
        send(response);
    }

    public void send(HttpServletResponse response) throws IOException {
        Answers.noStore(response);
        if (status == 413) {
            // The rest of the body was never read, so this connection cannot carry another request.
            response.setHeader("Connection", "close");
        }
        Json.write(response, status, CONTENT_TYPE, json -> {
            json.writeStringField("type", "about:blank");
            json.writeStringField("title", title);
            json.writeNumberField("status", status);
            json.writeStringField("detail", detail);
            if (!errors.isEmpty()) {
                json.writeArrayFieldStart("errors");
                for (FieldError error : errors) {
                    json.writeStartObject();
                    json.writeStringField("field", error.field());
                    json.writeStringField("message", error.message());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
        });
    }

    public static String titleOf(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
