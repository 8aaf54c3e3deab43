package com.salaryml.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options of the {@code sign} and {@code promote} commands: each {@code --name value}, all of them required
 * unless said otherwise. */
final class SubcommandArgs {

    private SubcommandArgs() {
    }

    /**
     * The value of each option given, by name without its dashes; null if help was asked for.
     *
     * @throws IllegalArgumentException naming the option at fault: unknown, without its value, or missing
     */
    static Map<String, String> parse(List<String> args, List<String> required, List<String> optional) {
        var values = new LinkedHashMap<String, String>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--help") || option.equals("-h")) {
                return null;
            }
            String name = option.startsWith("--") ? option.substring(2) : option;
            if (!required.contains(name) && !optional.contains(name)) {
                throw new IllegalArgumentException("unknown option " + option);
            }
            if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            values.put(name, args.get(++i));
        }
        if (!values.keySet().containsAll(required)) {
            throw new IllegalArgumentException(String.join(", ", required.stream().map(name -> "--" + name).toList())
                    + " are all required");
        }
        return values;
    }
}
