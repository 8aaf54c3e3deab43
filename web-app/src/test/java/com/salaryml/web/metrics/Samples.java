package com.salaryml.web.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of a Prometheus text exposition, parsed independently of the client that wrote it, so that a
 * test reads the output as Prometheus would rather than asking the client what it meant to write.
 */
public final class Samples {

    /** One line such as {@code salary_http_requests_total{endpoint="page",status="200"} 3.0}. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private Samples(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    public static Samples parse(String exposition) {
        var samples = new ArrayList<Sample>();
        int lineNumber = 0;
        for (String line : exposition.split("\n")) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                samples.add(sample(line));
            } catch (RuntimeException e) {
                throw new AssertionError("line " + lineNumber + " is not a sample: " + line, e);
            }
        }
        return new Samples(samples);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        var labels = new LinkedHashMap<String, String>();
        String name;
        int rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int equals = line.indexOf('=', i);
                String label = line.substring(i, equals);
                if (line.charAt(equals + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                var value = new StringBuilder();
                int j = equals + 2;
                for (char c; (c = line.charAt(j)) != '"'; j++) {
                    if (c == '\\') {
                        char escaped = line.charAt(++j);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            rest = i + 1;
        } else {
            name = line.substring(0, space);
            rest = space;
        }
        String[] valueAndTime = line.substring(rest).strip().split(" ");
        return new Sample(name, labels, Double.parseDouble(valueAndTime[0]));
    }

    public List<Sample> all() {
        return samples;
    }

    /** Every sample of this name whose labels include these, given as name, value, name, value... */
    public List<Sample> matching(String name, String... labels) {
        var wanted = new LinkedHashMap<String, String>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return samples.stream()
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> sample.labels().entrySet().containsAll(wanted.entrySet()))
                .toList();
    }

    /** The value of the one sample with this name and exactly these labels; fails if there is none. */
    /** The sum of every sample of {@code name}, whatever its labels: a counter's total over its reasons, say. */
    public double total(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).mapToDouble(Sample::value).sum();
    }

    public double value(String name, String... labels) {
        var wanted = new LinkedHashMap<String, String>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return samples.stream()
                .filter(sample -> sample.name().equals(name) && sample.labels().equals(wanted))
                .findFirst()
                .map(Sample::value)
                .orElseThrow(() -> new AssertionError("no sample " + name + wanted + " among " + names()));
    }

    /** The label values this metric has, for one label, e.g. every {@code endpoint} requests were counted for. */
    public List<String> labelValues(String name, String label) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name) && sample.labels().containsKey(label))
                .map(sample -> sample.labels().get(label))
                .distinct()
                .toList();
    }

    private List<String> names() {
        return samples.stream().map(sample -> sample.name() + sample.labels()).toList();
    }
}
