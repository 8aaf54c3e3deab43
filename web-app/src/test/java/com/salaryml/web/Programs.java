package com.salaryml.web;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Finds the command-line tools the tests run (promtool, for instance) as a shell would: on the PATH. */
public final class Programs {

    private Programs() {
    }

    /** The first executable named {@code program} in a folder of the PATH, if there is one. */
    public static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .map(directory -> Path.of(directory, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
