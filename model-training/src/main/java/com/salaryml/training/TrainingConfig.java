package com.salaryml.training;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The training configuration file, {@code training.properties}: its settings with the line each is on, and the
 * merged settings' checks, each message naming the key, what it must be and where the value came from.
 */
final class TrainingConfig {

    private TrainingConfig() {
    }

    /**
     * The built-in defaults, overridden by the configuration file if there is one (or it was named), overridden by
     * the command line's settings; with where each value came from.
     */
    static Values merged(Path configFile, boolean given, Map<String, String> settings, Map<String, String> sources)
            throws TrainingOptions.UsageException {
        var merged = new TreeMap<>(TrainingOptions.DEFAULTS);
        var where = new TreeMap<String, String>();
        TrainingOptions.DEFAULTS.keySet().forEach(key -> where.put(key, "the built-in default"));
        if (given || Files.isRegularFile(configFile)) {
            TrainingConfig.readConfig(configFile).forEach((key, setting) -> {
                merged.put(key, setting.value());
                where.put(key, setting.line() > 0 ? configFile + " line " + setting.line() : configFile.toString());
            });
        }
        merged.putAll(settings);
        where.putAll(sources);
        return new Values(merged, where);
    }

    /** A setting's text and the line of the configuration file it is on (0 if not found). */
    record Setting(String value, int line) {
    }

    static Map<String, Setting> readConfig(Path file) throws TrainingOptions.UsageException {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new TrainingOptions.UsageException("cannot read the training configuration " + file + ": " + e.getMessage());
        }
        Map<String, Integer> lines = lines(file);
        Set<String> known = TrainingOptions.DEFAULTS.keySet();
        var values = new TreeMap<String, Setting>();
        for (String key : properties.stringPropertyNames()) {
            int line = lines.getOrDefault(key, 0);
            if (!known.contains(key)) {
                throw new TrainingOptions.UsageException(file + (line > 0 ? " line " + line : "") + ": unknown setting '" + key
                        + "'; the settings are " + String.join(", ", new TreeMap<>(TrainingOptions.DEFAULTS).keySet()));
            }
            values.put(key, new Setting(properties.getProperty(key).strip(), line));
        }
        return values;
    }

    /**
     * The line each key of a properties file is set on, the last one if set twice (as {@link Properties} keeps
     * the last). Each logical line, continuation lines joined, is parsed by {@link Properties} itself, so
     * escapes and separators are read exactly as for the values.
     */
    private static Map<String, Integer> lines(Path file) throws TrainingOptions.UsageException {
        List<String> physical;
        try {
            physical = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TrainingOptions.UsageException("cannot read the training configuration " + file + ": " + e.getMessage());
        }
        var lines = new TreeMap<String, Integer>();
        for (int i = 0; i < physical.size(); i++) {
            int first = i + 1;
            String text = physical.get(i).stripLeading();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("!")) {
                continue;
            }
            var logical = new StringBuilder(text);
            while (continues(logical) && i + 1 < physical.size()) {
                logical.append('\n').append(physical.get(++i));
            }
            var one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                continue; // reported by the whole file's load, which has already passed
            }
            one.stringPropertyNames().forEach(key -> lines.put(key, first));
        }
        return lines;
    }

    /** Whether a line ends with an odd number of backslashes: then the next line continues it. */
    private static boolean continues(CharSequence line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** The merged settings, with where each came from, for messages. */
    record Values(Map<String, String> settings, Map<String, String> where) {

        TrainingOptions.UsageException problem(String key, String expected) {
            return new TrainingOptions.UsageException(key + " " + expected + ", was " + settings.get(key) + " (" + where.get(key) + ")");
        }

        double number(String key) throws TrainingOptions.UsageException {
            String text = settings.get(key);
            try {
                double value = Double.parseDouble(text);
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TrainingOptions.UsageException(key + " must be a number, was \"" + text + "\" (" + where.get(key) + ")");
        }

        long integer(String key, long min, long max) throws TrainingOptions.UsageException {
            String text = settings.get(key);
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new TrainingOptions.UsageException(key + " must be a whole number, was \"" + text + "\" (" + where.get(key) + ")");
            }
            if (value < min || value > max) {
                throw problem(key, "must be " + (max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "at least " + min
                        : "between " + min + " and " + max));
            }
            return value;
        }

        /** A share: greater than 0, at most 1. */
        double fraction(String key) throws TrainingOptions.UsageException {
            double value = number(key);
            if (!(value > 0 && value <= 1)) {
                throw problem(key, "must be greater than 0 and at most 1");
            }
            return value;
        }

        TreeSettings trees(Algorithm algorithm) throws TrainingOptions.UsageException {
            String p = algorithm.settingsPrefix();
            boolean boosting = algorithm == Algorithm.GBM;
            // Bounds a data scientist will not meet by accident, which keep a model file loadable and a
            // prediction fast; Smile's own lower bounds come first.
            // Boosting may leave its number of trees and depth to cross-validation (auto); a forest's error only
            // levels off as trees are added, so it has nothing to choose there.
            boolean autoTrees = auto(p + "trees", boosting);
            boolean autoDepth = auto(p + "max_depth", boosting);
            int trees = autoTrees ? TreeSearch.MAX_TREES : (int) autoOrInteger(p + "trees", 1, 5000, boosting);
            int maxDepth = autoDepth ? TreeSearch.MAX_DEPTH : (int) autoOrInteger(p + "max_depth", 2, 32, boosting);
            int maxNodes = (int) integer(p + "max_nodes", 2, 4096);
            int nodeSize = (int) integer(p + "node_size", 1, Integer.MAX_VALUE);
            double shrinkage = boosting ? fraction(p + "shrinkage") : 1;
            double subsample = fraction(p + "subsample");
            int mtry = boosting ? 0 : (int) integer(p + "mtry", 0, 1000);
            long seed = integer(p + "seed", 0, TreeSettings.MAX_SEED);
            return new TreeSettings(trees, maxDepth, maxNodes, nodeSize, shrinkage, subsample, mtry, seed, autoTrees,
                    autoDepth);
        }

        /** A whole number; for boosting, whose setting may also be auto, the message says so. */
        private long autoOrInteger(String key, long min, long max, boolean boosting)
                throws TrainingOptions.UsageException {
            try {
                return integer(key, min, max);
            } catch (TrainingOptions.UsageException e) {
                if (!boosting) {
                    throw e;
                }
                throw new TrainingOptions.UsageException(key + " must be auto (chosen by cross-validation) or a whole"
                        + " number between " + min + " and " + max + ", was " + settings.get(key) + " ("
                        + where.get(key) + ")");
            }
        }

        /** Whether a tree setting is {@code auto}: left to cross-validation, which only boosting may do. */
        private boolean auto(String key, boolean boosting) throws TrainingOptions.UsageException {
            if (!TreeSettings.AUTO.equals(settings.get(key))) {
                return false;
            }
            if (!boosting) {
                throw problem(key, "must be a whole number; auto is for gbm, whose held-out error rises again"
                        + " with too many or too deep trees, where a forest's only levels off");
            }
            return true;
        }
    }
}
