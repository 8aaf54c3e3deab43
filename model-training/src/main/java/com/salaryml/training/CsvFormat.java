package com.salaryml.training;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a hiring CSV writes its cells: the character between them, and whether numbers use a decimal comma.
 * The default is what the project's own files use: ',' and a decimal point. Excel in many European locales
 * writes ';' and decimal commas ({@code 2,5}).
 *
 * @param delimiter    the character between cells
 * @param decimalComma whether numbers are written with a decimal comma instead of a decimal point
 */
public record CsvFormat(Delimiter delimiter, boolean decimalComma) {

    /** What the project's own files use: ',' and a decimal point. */
    public static final CsvFormat DEFAULT = new CsvFormat(Delimiter.COMMA, false);

    /** The delimiters a spreadsheet writes, by the name the command line takes. */
    public enum Delimiter {
        /** ',' */
        COMMA(',', "comma"),
        /** ';', as Excel writes in many European locales */
        SEMICOLON(';', "semicolon"),
        /** a tab */
        TAB('\t', "tab");

        final char character;
        final String id;

        Delimiter(char character, String id) {
            this.character = character;
            this.id = id;
        }

        /**
         * The character between cells.
         *
         * @return e.g. {@code ;}
         */
        public char character() {
            return character;
        }

        /**
         * The name the command line takes.
         *
         * @return {@code comma}, {@code semicolon} or {@code tab}
         */
        public String id() {
            return id;
        }

        /**
         * The delimiter named by {@code text}: its name ({@code comma}, {@code semicolon}, {@code tab}) or the
         * character itself. A tab may also be written {@code \t}, which is how most shells pass it.
         *
         * @param text the name or the character
         * @return the delimiter
         * @throws IllegalArgumentException if the text names no delimiter; the message says which there are
         */
        public static Delimiter parse(String text) {
            for (Delimiter delimiter : values()) {
                if (delimiter.id.equals(text.toLowerCase(Locale.ROOT))
                        || text.equals(String.valueOf(delimiter.character))) {
                    return delimiter;
                }
            }
            if (text.equals("\\t")) {
                return TAB;
            }
            throw new IllegalArgumentException("--delimiter \"" + HiringCsv.visible(text) + "\" is not a delimiter;"
                    + " choose one of " + String.join(", ", Arrays.stream(values()).map(d -> d.id).toList())
                    + " (or ',', ';')");
        }

        /** How a message names it: {@code ';'}, or "tabs", which have no visible character. */
        String shown() {
            return this == TAB ? "tabs" : "'" + character + "'";
        }
    }
}
