package com.salaryml.web.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.salaryml.web.http.Json;
import com.salaryml.web.http.ProblemException;
import java.io.IOException;

/**
 * A request body that is one JSON object, one instance or a batch of them, read with Jackson's streaming parser:
 * what the native API's bodies share, so that an empty body, another JSON value, more after the object and broken
 * JSON are answered alike by every endpoint.
 */
final class JsonObjectBody {

    /** Reads the object's fields, the parser on its START_OBJECT, up to and including its END_OBJECT. */
    interface Fields<T> {
        T read(JsonParser json) throws IOException, ProblemException;
    }

    private JsonObjectBody() {
    }

    /** A repeated name, told as Jackson's own check tells it, where the parser stands. */
    static JsonParseException duplicate(JsonParser json, String name) {
        return new JsonParseException(json, "Duplicate field '" + name + "'");
    }

    /**
     * @param example      one instance, as JSON, for the messages that say what to send
     * @param batchExample the batch's shape, e.g. {@code {"instances":[...]}}
     */
    static <T> T read(byte[] body, String example, String batchExample, Fields<T> fields) throws ProblemException {
        return read(Json.FACTORY, body, example, batchExample, fields);
    }

    /**
     * As {@link #read(byte[], String, String, Fields)}, with a factory of the caller's: {@link
     * Json#FACTORY_WITHOUT_DUPLICATE_CHECK} for fields that refuse a repeated name themselves, by throwing
     * {@link #duplicate}.
     */
    static <T> T read(JsonFactory factory, byte[] body, String example, String batchExample, Fields<T> fields)
            throws ProblemException {
        if (body.length == 0) {
            throw new ProblemException(400, "The request body is empty; send a JSON object such as " + example + ".");
        }
        try (JsonParser json = factory.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new ProblemException(400, "The request body must be a JSON object such as " + example
                        + " or " + batchExample + ".");
            }
            T read = fields.read(json);
            if (json.nextToken() != null) {
                throw new ProblemException(400, "The request body is not valid JSON: there is more after the"
                        + " object that ends at line " + json.currentLocation().getLineNr() + ".");
            }
            return read;
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new ProblemException(400, "The request body is not valid JSON: " + e.getOriginalMessage()
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + ".");
        } catch (IOException e) {
            throw new ProblemException(400, "The request body cannot be read as UTF-8 JSON.");
        }
    }
}
