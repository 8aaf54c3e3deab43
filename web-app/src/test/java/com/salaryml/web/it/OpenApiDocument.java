package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The app's OpenAPI document as the deployed app serves it, read as plain JSON, so that a test can hold a real
 * response to what the document promises for it: its status, its headers and its body's fields.
 */
final class OpenApiDocument {

    private final JsonNode root;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    /** The document the app at {@code base} serves at {@code openapi.json}. */
    static OpenApiDocument servedBy(Http http, URI base) throws Exception {
        Http.Reply reply = http.get(base.resolve("openapi.json"));
        assertThat(reply.status()).as("GET openapi.json").isEqualTo(200);
        return new OpenApiDocument(reply.json());
    }

    JsonNode root() {
        return root;
    }

    /** The operation at a path template such as {@code /v2/models/{model_name}/ready}; fails if there is none. */
    JsonNode operation(String path, String method) {
        JsonNode operation = root.path("paths").path(path).path(method.toLowerCase(java.util.Locale.ROOT));
        assertThat(operation.isObject()).as("the document has " + method + " " + path).isTrue();
        return operation;
    }

    /** The response the document gives for this operation and status, references followed; fails if none. */
    JsonNode response(String path, String method, int status) {
        JsonNode response = resolve(operation(path, method).path("responses").path(Integer.toString(status)));
        assertThat(response.isObject()).as("the document has a " + status + " for " + method + " " + path).isTrue();
        return response;
    }

    /** The response headers the document declares for this operation and status, and whether each is required. */
    Map<String, Boolean> headers(String path, String method, int status) {
        var headers = new TreeMap<String, Boolean>(String.CASE_INSENSITIVE_ORDER);
        for (var header : response(path, method, status).path("headers").properties()) {
            headers.put(header.getKey(), resolve(header.getValue()).path("required").asBoolean());
        }
        return headers;
    }

    /**
     * An address to call for a path template, each path parameter filled in with the first example its schema
     * gives; relative, without the leading slash, to resolve against the app's base URL.
     */
    String address(String path, String method) {
        String address = path;
        var parameters = new java.util.ArrayList<JsonNode>();
        root.path("paths").path(path).path("parameters").forEach(parameters::add);
        operation(path, method).path("parameters").forEach(parameters::add);
        for (JsonNode reference : parameters) {
            JsonNode parameter = resolve(reference);
            if (parameter.path("in").asText().equals("path")) {
                JsonNode example = parameter.path("schema").path("examples").path(0);
                assertThat(example.isTextual()).as("an example for path parameter " + parameter.path("name")).isTrue();
                address = address.replace("{" + parameter.path("name").asText() + "}", example.asText());
            }
        }
        assertThat(address).as("every parameter of " + path + " filled in").doesNotContain("{");
        return address.substring(1);
    }

    /** The schema of the JSON body the document gives for this operation and status, references followed. */
    JsonNode schema(String path, String method, int status) {
        JsonNode content = response(path, method, status).path("content");
        Iterator<String> mediaTypes = content.fieldNames();
        assertThat(mediaTypes.hasNext()).as("a body for " + status + " of " + method + " " + path).isTrue();
        return resolve(content.path(mediaTypes.next()).path("schema"));
    }

    /** The fields the schema names, as {@code properties}, and those it requires. */
    record Fields(Set<String> properties, Set<String> required) {
    }

    Fields fields(JsonNode schema) {
        var properties = new TreeSet<String>();
        var required = new TreeSet<String>();
        resolve(schema).path("properties").fieldNames().forEachRemaining(properties::add);
        resolve(schema).path("required").forEach(name -> required.add(name.textValue()));
        return new Fields(properties, required);
    }

    /** The node a {@code $ref} names, followed until it is no reference; other nodes as they are. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            assertThat(hops).as("a chain of references ending at " + current).isLessThan(10);
            String reference = current.get("$ref").textValue();
            assertThat(reference).startsWith("#/");
            current = root.at(reference.substring(1));
            assertThat(current.isMissingNode()).as(reference + " resolves").isFalse();
        }
        return current;
    }
}
