package com.salaryml.web.text;

/**
 * Text from outside the app (a file's name, a model file's content quoted in an error, a request's path, a
 * certificate's subject) made safe for one log line: every control character, and every character a reader takes
 * for a line break, is written as a Java escape ({@code \n}, {@code \u2028}), so no such text can end the line
 * and forge the next one.
 */
public final class LogText {

    private LogText() {
    }

    /** {@code value}'s text with control and line-breaking characters escaped; "null" for null. */
    public static String safe(Object value) {
        String text = String.valueOf(value);
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\\' -> null;
                default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                        || Character.getType(c) == Character.FORMAT
                        ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped != null) {
                if (replacement != null) {
                    escaped.append(replacement);
                } else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }
}
