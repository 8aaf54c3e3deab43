package com.salaryml.web.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples of docs/api.md that can be sent as they are: a request in an {@code http} block ({@code POST}, a
 * path and a JSON body), or a batch in a {@code json} block under the last such request's path; then, optionally,
 * the response's head in an {@code http} block, and the answer in the next {@code json} block.
 */
final class ApiExamples {

    /**
     * One example.
     *
     * @param path    the path as the page writes it, under {@code /salary}
     * @param body    the request's JSON body
     * @param status  the status its response head shows, 200 if it shows none
     * @param headers the {@code X-} headers its response head shows
     * @param answer  the answer's JSON as the page shows it, elisions ({@code …}) and all
     */
    record Example(String path, String body, int status, Map<String, String> headers, String answer) {
    }

    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```");

    /** A JSON string, a number, or an elision. */
    private static final Pattern TOKEN = Pattern.compile(
            "\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|\u2026");

    private ApiExamples() {
    }

    static List<Example> read(Path markdown) throws IOException {
        var examples = new ArrayList<Example>();
        String lastPath = null;
        String path = null;
        String body = null;
        int status = 200;
        var headers = new LinkedHashMap<String, String>();
        Matcher block = FENCE.matcher(Files.readString(markdown, StandardCharsets.UTF_8));
        while (block.find()) {
            String language = block.group(1);
            String text = block.group(2).strip();
            if (language.equals("http") && text.startsWith("POST ")) {
                String[] parts = text.split("\\R\\R", 2);
                path = parts[0].lines().findFirst().orElseThrow().split(" ")[1];
                body = parts.length > 1 ? parts[1].strip() : "";
                lastPath = path;
                status = 200;
                headers.clear();
            } else if (language.equals("json") && text.startsWith("{\"instances\"") && lastPath != null) {
                path = lastPath;
                body = text;
                status = 200;
                headers.clear();
            } else if (body != null && language.equals("http") && text.startsWith("HTTP/")) {
                List<String> lines = text.lines().toList();
                status = Integer.parseInt(lines.get(0).split(" ")[1]);
                for (String line : lines.subList(1, lines.size())) {
                    int colon = line.indexOf(':');
                    if (line.startsWith("X-") && colon > 0) {
                        headers.put(line.substring(0, colon), line.substring(colon + 1).strip());
                    }
                }
            } else if (body != null && language.equals("json")) {
                examples.add(new Example(path, body, status, Map.copyOf(headers), text));
                body = null;
            }
        }
        return examples;
    }

    /**
     * What the page shows of an answer, string by string and number by number, that the server's answer does not
     * hold in the same order: empty when the page shows only what the server answers, to the last digit. A value
     * the page cuts short with {@code …} is left out.
     */
    static List<String> missing(String documented, String answered) {
        List<String> expected = tokens(documented);
        List<String> actual = tokens(answered);
        var missing = new ArrayList<String>();
        int at = 0;
        for (String token : expected) {
            int found = actual.subList(at, actual.size()).indexOf(token);
            if (found < 0) {
                missing.add(token);
            } else {
                at += found + 1;
            }
        }
        return missing;
    }

    private static List<String> tokens(String json) {
        var tokens = new ArrayList<String>();
        Matcher token = TOKEN.matcher(json);
        while (token.find()) {
            String text = token.group();
            boolean elided = text.contains("\u2026")
                    || (token.end() < json.length() && json.charAt(token.end()) == '\u2026');
            if (!elided) {
                tokens.add(text);
            }
        }
        return tokens;
    }
}
