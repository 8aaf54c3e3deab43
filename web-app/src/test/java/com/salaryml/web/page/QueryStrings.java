package com.salaryml.web.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/** Query strings as a browser sends a form: each field URL-encoded, absent ones (null) left out. */
final class QueryStrings {

    private QueryStrings() {
    }

    static QueryString of(Map<String, String> fields) {
        var query = new StringJoiner("&");
        fields.forEach((name, value) -> {
            if (value != null) {
                query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return QueryString.parse(query.toString());
    }
}
