package com.salaryml.training;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
        return parse(args, required, optional, List.of());
    }

    /**
     * The same, with options that take no value, such as {@code --decimal-comma}: each given one's value is
     * {@code "true"}.
     */
    static Map<String, String> parse(List<String> args, List<String> required, List<String> optional,
                                     List<String> flags) {
        var values = new LinkedHashMap<String, String>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--help") || option.equals("-h")) {
                return null;
            }
            String name = option.startsWith("--") ? option.substring(2) : option;
            if (flags.contains(name)) {
                values.put(name, "true");
                continue;
            }
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

    /** Why a subcommand did nothing, in a message for its user. */
    abstract static class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** What a subcommand does once its options are read. */
    interface Action<O> {
        void run(O options) throws Failure;
    }

    /**
     * Runs a subcommand as each of them runs: a wrong option prints the usage (status {@link TrainCommand#USAGE}),
     * {@code --help} prints it ({@link TrainCommand#OK}), and a failure prints its message and what was left
     * undone ({@link TrainCommand#FAILED}).
     */
    static <O> int run(List<String> args, Function<List<String>, O> parse, String usage, PrintStream out,
                       PrintStream err, Action<O> action, String undone) {
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(usage);
            return TrainCommand.USAGE;
        }
        if (options == null) {
            out.print(usage);
            return TrainCommand.OK;
        }
        try {
            action.run(options);
            return TrainCommand.OK;
        } catch (Failure e) {
            err.println("error: " + e.getMessage());
            err.println(undone);
            return TrainCommand.FAILED;
        }
    }
}
