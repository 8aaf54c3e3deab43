package com.salaryml.web.page;

/**
 * Builds HTML text in which every value is escaped: text and attribute values go through {@link #text}
 * and {@link #attr}, markup through {@link #raw} with constants only.
 */
final class Html {

    private final StringBuilder out = new StringBuilder(8192);

    /** Appends fixed markup. Never pass a value that came from outside the app. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends a value as text, escaped. */
    Html text(String value) {
        out.append(escape(value));
        return this;
    }

    /** Appends {@code name="value"} with the value escaped, preceded by a space. */
    Html attr(String name, String value) {
        out.append(' ').append(name).append("=\"").append(escape(value)).append('"');
        return this;
    }

    static String escape(String value) {
        var escaped = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
