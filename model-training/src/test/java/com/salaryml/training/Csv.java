package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

/** The project's hiring data and variants of it, written as files. */
final class Csv {

    /** data/hiring.csv; surefire runs with the module folder as the working directory. */
    static final Path HIRING = Path.of("../data/hiring.csv");

    static final String HEADER = "experience,test_score,interview_score,salary";

    private Csv() {
    }

    /** The lines of data/hiring.csv, header first. */
    static List<String> hiringLines() {
        try {
            return Files.readAllLines(HIRING, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** data/hiring.csv with line {@code lineNumber} (1 is the header) replaced. */
    static String hiringWithLine(int lineNumber, String replacement) {
        var lines = new java.util.ArrayList<>(hiringLines());
        lines.set(lineNumber - 1, replacement);
        return lines.stream().collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * Writes a file. A data file (.csv, .tsv) gets the project's schema file beside it, as the trainer expects:
     * these are all variants of the hiring data.
     */
    static Path write(Path dir, String name, String content) {
        try {
            Path file = Files.writeString(dir.resolve(name), content, UTF_8);
            if (name.endsWith(".csv") || name.endsWith(".tsv")) {
                Files.copy(Schemas.HIRING_FILE, DataSchema.besideData(file), StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, List<String> lines) {
        return write(dir, name, String.join("\n", lines) + "\n");
    }
}
