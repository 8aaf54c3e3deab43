package com.salaryml.web.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** JSON in and out of the app: one configured Jackson factory, and responses written field by field. */
public final class Json {

    /**
     * Strict and bounded: duplicate keys are an error, and no request may nest deeply or send numbers with
     * hundreds of digits, whatever it tries.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Java 17's Double.toString and parseDouble dominate a batch response; Jackson's own are several
            // times faster and give the same doubles (shortest text that reads back to the same bits).
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .streamReadConstraints(JsonBodies.LIMITS)
            .build();

    /**
     * As {@link #FACTORY}, but leaving repeated names to the reader: for one that keeps every field it reads and
     * so sees a repeat itself ({@code PredictRequest}). Jackson's own check builds a hash set for every object of
     * three fields or more, the largest part of what parsing a prediction allocates.
     */
    public static final JsonFactory FACTORY_WITHOUT_DUPLICATE_CHECK = FACTORY.rebuild()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Writes the fields of one JSON object. */
    @FunctionalInterface
    public interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private Json() {
    }

    /** Sends a JSON object with the given status. */
    public static void write(HttpServletResponse response, int status, Fields fields) throws IOException {
        write(response, status, "application/json", fields);
    }

    /**
     * A JSON object as bytes, for an answer whose tag is made from what it holds before it is sent
     * ({@link EntityTag}).
     */
    public static byte[] bytes(Fields fields) throws IOException {
        var out = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * Sends {@code body}, JSON made by {@link #bytes}, as a 200 tagged with its {@link EntityTag}; or a 304 with
     * no body if the request holds that tag already. For answers that change only when the served model does,
     * so a client may keep them and ask again.
     */
    public static void sendTagged(HttpServletRequest request, HttpServletResponse response, byte[] body,
                                  EntityTag tag) throws IOException {
        if (tag.answerUnchanged(request, response)) {
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static void write(HttpServletResponse response, int status, String contentType, Fields fields)
            throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        try (JsonGenerator json = FACTORY.createGenerator(response.getOutputStream())) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        }
    }
}
