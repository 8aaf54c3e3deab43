package com.salaryml.training;

import java.nio.file.Path;

/** The project's schema file, data/hiring.schema.json, as the trainer reads it. */
final class Schemas {

    /** Beside data/hiring.csv; surefire runs with the module folder as the working directory. */
    static final Path HIRING_FILE = Path.of("../data/hiring.schema.json");

    static final DataSchema HIRING = read();

    private Schemas() {
    }

    private static DataSchema read() {
        try {
            return DataSchema.read(HIRING_FILE);
        } catch (DataException e) {
            throw new IllegalStateException(e);
        }
    }
}
